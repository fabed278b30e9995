using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>Reading a kubeconfig as kubectl does: current context, cluster, user; files relative to the kubeconfig.</summary>
public class KubeconfigCredentialsTests : IAsyncLifetime
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
    public void Load_CurrentContextWithEmbeddedCaAndToken_PicksThatClusterAndUser()
    {
        var credentials = KubeconfigCredentials.Load(_api.WriteKubeconfig(_directory.Path), TimeProvider.System);

        credentials.Server.ShouldBe(new Uri(_api.Address.AbsoluteUri.TrimEnd('/')));
        credentials.CertificateAuthority!.Single().Thumbprint.ShouldBe(_api.Certificates.Authority.Thumbprint);
        credentials.Token!.Current.ShouldBe(FakeKubernetesApi.Token);
        credentials.InsecureSkipTlsVerify.ShouldBeFalse();
        credentials.Source.ShouldContain("restore-mutator@fake");
    }

    [Fact]
    public async Task Load_CaAndClientCertificateFiles_AreReadRelativeToTheKubeconfig()
    {
        var path = _api.WriteKubeconfig(_directory.Path, token: null, clientCertificate: true, embedAuthority: false);
        var credentials = KubeconfigCredentials.Load(path, TimeProvider.System);

        credentials.Token.ShouldBeNull();
        credentials.ClientCertificate!.HasPrivateKey.ShouldBeTrue();
        using var client = new KubernetesApiClient(credentials, KubernetesApiClientTests.Patient);
        using var response = await client.GetAsync("/version", CancellationToken.None);
        response.Document.ShouldNotBeNull(response.Detail);
    }

    [Fact]
    public void Load_TokenFileAndInsecureFlag_AreUsed()
    {
        _directory.File("token", "file-token\n");
        var path = _directory.File("config", """
            apiVersion: v1
            kind: Config
            clusters:
            - name: c
              cluster: {server: "https://api.example.com:6443/k8s/clusters/c-1", insecure-skip-tls-verify: true}
            users:
            - name: u
              user: {tokenFile: token}
            contexts:
            - name: x
              context: {cluster: c, user: u}
            current-context: x
            """);

        var credentials = KubeconfigCredentials.Load(path, TimeProvider.System);

        credentials.Token!.Current.ShouldBe("file-token");
        credentials.InsecureSkipTlsVerify.ShouldBeTrue();
        credentials.CertificateAuthority.ShouldBeNull();
        credentials.Server.AbsolutePath.ShouldBe("/k8s/clusters/c-1");
    }

    [Theory]
    [InlineData("current-context: missing", "context 'missing' is not defined")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: nope, user: u}}]", "cluster 'nope' is not defined")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'http://plain:8080'}}]\nusers: [{name: u, user: {}}]", "needs an https:// server")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443'}}]\nusers: [{name: u, user: {exec: {command: aws}}}]", "exec or auth-provider")]
    [InlineData("current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443', certificate-authority-data: '!!'}}]\nusers: [{name: u, user: {}}]", "not base64")]
    [InlineData("[unclosed", "not valid YAML")]
    [InlineData("kind: Config", "has no current-context")]
    public void Load_Unusable_ThrowsWithReason(string yaml, string reason)
    {
        var path = _directory.File("bad", yaml);

        var error = Should.Throw<InvalidDataException>(() => KubeconfigCredentials.Load(path, TimeProvider.System));

        error.Message.ShouldContain(reason);
        error.Message.ShouldContain(path);
    }
}
