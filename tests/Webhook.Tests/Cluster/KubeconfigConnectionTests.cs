using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Cluster;

/// <summary>Reading a kubeconfig through KubernetesClient as kubectl does, plus tokenFile and the refusal of exec plugins.</summary>
public class KubeconfigConnectionTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private FakeKubernetesApi _api = null!;

    public async ValueTask InitializeAsync() => _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Load_CurrentContextWithEmbeddedCaAndToken_PicksThatClusterAndUser()
    {
        var connection = KubeconfigConnection.Load(_api.WriteKubeconfig(_directory.Path), TimeProvider.System);

        connection.Server.ShouldBe(_api.Address);
        connection.Trust.Authority!.Single().Thumbprint.ShouldBe(_api.Certificates.Authority.Thumbprint);
        connection.Trust.InsecureSkipVerify.ShouldBeFalse();
        // KubernetesClient's own (name-blind) CA check stays off: ServerTrust checks instead.
        connection.Configuration.SslCaCerts.ShouldBeNull();
        connection.Configuration.AccessToken.ShouldBe(FakeKubernetesApi.Token);
        connection.Source.ShouldContain("restore-mutator@fake");
        await ShouldReachAsync(connection);
    }

    [Fact]
    public async Task Load_CaAndClientCertificateFiles_AreReadRelativeToTheKubeconfig()
    {
        var path = _api.WriteKubeconfig(_directory.Path, token: null, clientCertificate: true, embedAuthority: false);

        var connection = KubeconfigConnection.Load(path, TimeProvider.System);

        connection.Configuration.AccessToken.ShouldBeNull();
        connection.Configuration.ClientCertificateFilePath.ShouldBe(Path.Combine(_directory.Path, "client.crt"));
        await ShouldReachAsync(connection);
    }

    [Fact]
    public async Task Load_TokenFile_IsUsedAndReReadAsItRotates()
    {
        _directory.File("token", FakeKubernetesApi.Token + "\n");
        var path = _directory.File("config", $$"""
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "{{_api.Address.AbsoluteUri}}", certificate-authority: ca.crt}
            users:
            - name: u
              user: {tokenFile: token}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """);
        _directory.File("ca.crt", _api.Certificates.AuthorityPem);

        var connection = KubeconfigConnection.Load(path, TimeProvider.System);

        var token = connection.Configuration.TokenProvider.ShouldBeOfType<RotatingTokenFile>();
        token.Current.ShouldBe(FakeKubernetesApi.Token);
        token.Path.ShouldBe(Path.Combine(_directory.Path, "token"));
        connection.Configuration.AccessToken.ShouldBeNull();
        await ShouldReachAsync(connection);
    }

    [Fact]
    public void Load_InsecureFlagAndPathPrefix_AreKept()
    {
        var path = _directory.File("config", """
            current-context: x
            contexts: [{name: x, context: {cluster: c, user: u}}]
            clusters: [{name: c, cluster: {server: "https://api.example.com:6443/k8s/clusters/c-1", insecure-skip-tls-verify: true}}]
            users: [{name: u, user: {token: abc}}]
            """);

        var connection = KubeconfigConnection.Load(path, TimeProvider.System);

        connection.Trust.InsecureSkipVerify.ShouldBeTrue();
        connection.Configuration.SkipTlsVerify.ShouldBeFalse();
        connection.Trust.Authority.ShouldBeNull();
        connection.Server.AbsolutePath.ShouldBe("/k8s/clusters/c-1");
    }

    [Fact]
    public void Load_ExecPlugin_IsRefusedWithoutRunningIt()
    {
        var marker = Path.Combine(_directory.Path, "exec-ran");
        var path = _directory.File("config", $$$$"""
            current-context: x
            contexts: [{name: x, context: {cluster: c, user: u}}]
            clusters: [{name: c, cluster: {server: "https://a:6443"}}]
            users: [{name: u, user: {exec: {apiVersion: client.authentication.k8s.io/v1, command: /bin/sh, args: ["-c", "touch {{{{marker}}}}"]}}}]
            """);

        Should.Throw<InvalidDataException>(() => KubeconfigConnection.Load(path, TimeProvider.System)).Message.ShouldContain("exec or auth-provider");

        File.Exists(marker).ShouldBeFalse();
    }

    [Theory]
    [InlineData("current-context: missing\ncontexts: []", "context 'missing' is not defined")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: nope, user: u}}]\nusers: [{name: u, user: {token: t}}]", "cluster 'nope' is not defined")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'http://plain:8080'}}]\nusers: [{name: u, user: {token: t}}]", "needs an https:// server")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443'}}]\nusers: [{name: u, user: {auth-provider: {name: oidc, config: {id-token: x}}}}]", "exec or auth-provider")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443', certificate-authority-data: '!!'}}]\nusers: [{name: u, user: {token: t}}]", "Base-64")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443'}}]\nusers: [{name: u, user: {tokenFile: missing-token}}]", "cannot read tokenFile")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443'}}]\nusers: [{name: u, user: {client-certificate-data: 'bm90IGEgY2VydA==', client-key-data: 'bm90IGEga2V5'}}]", "kubeconfig")]
    [InlineData("[unclosed", "not valid YAML")]
    [InlineData("kind: Config", "has no current-context")]
    public void Load_Unusable_ThrowsWithReason(string yaml, string reason)
    {
        var path = _directory.File("bad", yaml);

        var error = Should.Throw<InvalidDataException>(() => KubeconfigConnection.Load(path, TimeProvider.System));

        error.Message.ShouldContain(reason);
        error.Message.ShouldStartWith($"kubeconfig {path}: ");
    }

    private static async Task ShouldReachAsync(ClusterConnection connection)
    {
        using var client = new ClusterClient(connection, ClusterClientTests.Patient);
        var result = await client.SendAsync("/version", (api, token) => k8s.VersionOperationsExtensions.GetCodeAsync(api.Version, token));
        result.Succeeded.ShouldBeTrue(result.Detail);
    }
}
