using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Cluster;

/// <summary>Where credentials come from (controller-runtime's order) and when lookups stay off (SPEC K4).</summary>
public class ClusterConnectionResolverTests : IAsyncLifetime
{
    private readonly TempDirectory _directory = new();
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal);
    private FakeKubernetesApi _api = null!;
    private string _serviceAccount = null!;

    public async ValueTask InitializeAsync()
    {
        _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        _serviceAccount = Directory.CreateDirectory(Path.Combine(_directory.Path, "serviceaccount")).FullName;
        File.WriteAllText(Path.Combine(_serviceAccount, "token"), FakeKubernetesApi.Token + "\n");
        File.WriteAllText(Path.Combine(_serviceAccount, "ca.crt"), _api.Certificates.AuthorityPem);
        File.WriteAllText(Path.Combine(_serviceAccount, "namespace"), "restore-mutator");
    }

    public async ValueTask DisposeAsync()
    {
        await _api.DisposeAsync();
        _directory.Dispose();
    }

    [Fact]
    public async Task Resolve_InPod_UsesServiceAccountAgainstServiceHost()
    {
        _environment["KUBERNETES_SERVICE_HOST"] = "127.0.0.1";
        _environment["KUBERNETES_SERVICE_PORT"] = _api.Address.Port.ToString(System.Globalization.CultureInfo.InvariantCulture);

        var resolution = Resolve(LookupMode.Auto, null);

        resolution.Connection!.Source.ShouldBe("in-cluster service account");
        resolution.Connection.Configuration.TokenProvider.ShouldBeOfType<RotatingTokenFile>();
        using var client = new ClusterClient(resolution.Connection, ClusterClientTests.Patient);
        var result = await client.SendAsync("/version", (api, token) => k8s.VersionOperationsExtensions.GetCodeAsync(api.Version, token));
        result.Succeeded.ShouldBeTrue(result.Detail);
    }

    [Theory]
    [InlineData("10.96.0.1", "443", "https://10.96.0.1/")]
    [InlineData("fd00:10:96::1", "6443", "https://[fd00:10:96::1]:6443/")]
    [InlineData("", "443", null)]
    [InlineData("10.96.0.1", "", null)]
    [InlineData("10.96.0.1", "https", null)]
    public void TryLoad_ServiceHostAndPort_FormServerAddress(string host, string port, string? expected)
    {
        var credentials = InClusterConnection.TryLoad(_serviceAccount, host, port, TimeProvider.System);

        credentials?.Server.AbsoluteUri.ShouldBe(expected);
        (credentials is null).ShouldBe(expected is null);
    }

    [Fact]
    public void Resolve_KubeconfigOption_WinsOverServiceAccountAndEnvironment()
    {
        _environment["KUBERNETES_SERVICE_HOST"] = "10.0.0.1";
        _environment["KUBERNETES_SERVICE_PORT"] = "443";
        _environment["KUBECONFIG"] = "/nonexistent/kubeconfig";
        var path = _api.WriteKubeconfig(_directory.Path);

        Resolve(LookupMode.Auto, path).Connection!.Source.ShouldStartWith($"kubeconfig {path}");
    }

    [Fact]
    public void Resolve_KubeconfigVariable_UsesItsFirstFile()
    {
        var path = _api.WriteKubeconfig(_directory.Path);
        _environment["KUBECONFIG"] = path + Path.PathSeparator + "/nonexistent/second";

        Resolve(LookupMode.Auto, null).Connection!.Source.ShouldStartWith($"kubeconfig {path}");
    }

    [Fact]
    public void Resolve_NamedKubeconfigUnusable_IsAStartupError()
    {
        var resolution = Resolve(LookupMode.Auto, Path.Combine(_directory.Path, "missing"));

        resolution.Connection.ShouldBeNull();
        resolution.Error.ShouldNotBeNull().ShouldContain("cannot read it");
    }

    [Fact]
    public void Resolve_HomeKubeconfigUnusable_TurnsLookupsOffWithoutError()
    {
        var home = Directory.CreateDirectory(Path.Combine(_directory.Path, "home", ".kube")).Parent!.FullName;
        File.WriteAllText(Path.Combine(home, ".kube", "config"), "current-context: x\ncontexts: [{name: x, context: {cluster: c, user: u}}]\nclusters: [{name: c, cluster: {server: 'https://a:6443'}}]\nusers: [{name: u, user: {exec: {command: aws}}}]");
        _environment["HOME"] = home;

        var resolution = Resolve(LookupMode.Auto, null);

        resolution.Connection.ShouldBeNull();
        resolution.Error.ShouldBeNull();
        resolution.Explanation.ShouldContain("exec");
    }

    [Fact]
    public void Resolve_NothingFound_IsOffWithExplanation()
    {
        var resolution = Resolve(LookupMode.Auto, null);

        resolution.Connection.ShouldBeNull();
        resolution.Error.ShouldBeNull();
        resolution.Explanation.ShouldContain("no credentials");
    }

    [Fact]
    public void Resolve_LookupsOff_IgnoresEvenAnExplicitKubeconfig()
    {
        var resolution = Resolve(LookupMode.Off, _api.WriteKubeconfig(_directory.Path));

        resolution.Connection.ShouldBeNull();
        resolution.Explanation.ShouldContain("lookups: off");
    }

    private ConnectionResolution Resolve(LookupMode mode, string? kubeconfig) =>
        ClusterConnectionResolver.Resolve(mode, kubeconfig, name => _environment.GetValueOrDefault(name), _serviceAccount, TimeProvider.System);
}
