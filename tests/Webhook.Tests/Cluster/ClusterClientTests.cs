using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using k8s;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Cluster;

/// <summary>KubernetesClient behind <see cref="ClusterClient"/> against a real TLS server: trust, authentication, and every failure mapped to a reason.</summary>
public class ClusterClientTests : IAsyncLifetime
{
    /// <summary>A connect timeout a busy test machine cannot miss; timeouts are tested with shorter ones.</summary>
    internal static readonly LookupOptions Patient = new() { CallTimeout = TimeSpan.FromSeconds(10) };

    private static readonly Func<IKubernetes, CancellationToken, Task<k8s.Models.VersionInfo>> Version = (api, token) => api.Version.GetCodeAsync(token);

    private FakeKubernetesApi _api = null!;

    public async ValueTask InitializeAsync() => _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task SendAsync_TrustedCaAndToken_ReturnsValue()
    {
        using var client = new ClusterClient(FakeConnections.For(_api), Patient);

        var result = await client.SendAsync("/version", Version);

        result.Succeeded.ShouldBeTrue(result.Detail);
        result.Value!.Minor.ShouldBe("31+");
    }

    [Fact]
    public async Task SendAsync_CustomObject_ReadsJson()
    {
        using var client = new ClusterClient(FakeConnections.For(_api), Patient);

        var result = await client.SendAsync("image", (api, token) =>
            api.CustomObjects.GetClusterCustomObjectAsync<JsonElement>("config.openshift.io", "v1", "images", "cluster", token));

        result.Value.GetProperty("status").GetProperty("internalRegistryHostname").GetString().ShouldBe(ApiObjects.Registry);
    }

    [Theory]
    [InlineData(403, "forbidden")]
    [InlineData(401, "unauthorized")]
    [InlineData(409, "conflict")]
    [InlineData(500, "server_error")]
    [InlineData(503, "server_error")]
    [InlineData(429, "http_error")]
    [InlineData(404, "not_found")]
    public async Task SendAsync_ErrorStatus_FailsWithReasonAndNoBody(int status, string reason)
    {
        _api.Json("/version", """{"kind": "Status", "message": "BODY-MARKER sha256~leaked-token"}""", status);
        using var client = new ClusterClient(FakeConnections.For(_api), Patient);

        var result = await client.SendAsync("/version", Version);

        result.Succeeded.ShouldBeFalse();
        result.Reason.ShouldBe(reason);
        result.IsNotFound.ShouldBe(status == 404);
        // KubernetesClient's exception message quotes the body; the detail is ours.
        result.Detail.ShouldNotContain("BODY-MARKER");
    }

    [Fact]
    public async Task SendAsync_WrongToken_FailsUnauthorized()
    {
        using var client = new ClusterClient(FakeConnections.For(_api, token: "stale"), Patient);

        (await client.SendAsync("/version", Version)).Reason.ShouldBe("unauthorized");
    }

    [Fact]
    public async Task SendAsync_ClientCertificateWithoutToken_IsAuthenticated()
    {
        var connection = FakeConnections.For(_api, token: null);
        connection.Configuration.ClientCertificateData = Base64(_api.Certificates.ClientCertificatePem);
        connection.Configuration.ClientCertificateKeyData = Base64(_api.Certificates.ClientKeyPem);
        using var client = new ClusterClient(connection, Patient);

        var result = await client.SendAsync("/version", Version);

        result.Succeeded.ShouldBeTrue(result.Detail);
    }

    [Fact]
    public async Task SendAsync_NotJson_FailsInvalidResponse()
    {
        _api.Garbage("/version");
        using var client = new ClusterClient(FakeConnections.For(_api), Patient);

        (await client.SendAsync("/version", Version)).Reason.ShouldBe("invalid_response");
    }

    [Fact]
    public async Task SendAsync_ServerSignedByAnotherCa_FailsTls()
    {
        using var other = new FakeApiCertificates("another-ca");
        using var client = new ClusterClient(FakeConnections.For(_api, authority: [other.Authority]), Patient);

        var result = await client.SendAsync("/version", Version);

        result.Reason.ShouldBe("tls", result.Detail);
        _api.Hits("/version").ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_CertificateFromTheCaForAnotherName_FailsTls()
    {
        // KubernetesClient's own check, given this CA, accepts this certificate; ServerTrust does not.
        await using var misnamed = (await FakeKubernetesApi.StartAsync(serverName: "other.example.com")).WithOpenShiftCluster();
        using var client = new ClusterClient(FakeConnections.For(misnamed), Patient);

        var result = await client.SendAsync("/version", Version);

        result.Reason.ShouldBe("tls", result.Detail);
        misnamed.Hits("/version").ShouldBe(0);
    }

    [Fact]
    public async Task SendAsync_InsecureSkipTlsVerify_AcceptsAnyServer()
    {
        await using var misnamed = (await FakeKubernetesApi.StartAsync(serverName: "other.example.com")).WithOpenShiftCluster();
        using var other = new FakeApiCertificates("another-ca");
        using var client = new ClusterClient(FakeConnections.For(misnamed, authority: [other.Authority], insecure: true), Patient);

        (await client.SendAsync("/version", Version)).Succeeded.ShouldBeTrue();
    }

    [Fact]
    public async Task SendAsync_SlowServer_TimesOutAtTheCallTimeout()
    {
        _api.Slow("/version", TimeSpan.FromSeconds(20));
        using var client = new ClusterClient(FakeConnections.For(_api), new LookupOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });
        await client.SendAsync("/warm-up", Version);

        var watch = Stopwatch.StartNew();
        var result = await client.SendAsync("/version", Version);

        result.Reason.ShouldBe("timeout");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendAsync_CallerDeadlineBeforeTimeout_FailsDeadline()
    {
        _api.Slow("/version", TimeSpan.FromSeconds(20));
        using var client = new ClusterClient(FakeConnections.For(_api), Patient);
        using var deadline = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));

        var watch = Stopwatch.StartNew();
        var result = await client.SendAsync("/version", Version, deadline.Token);

        result.Reason.ShouldBe("deadline");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendAsync_ServerNeverHandshakes_TimesOut()
    {
        // Accepts TCP but never speaks TLS: only the connect timeout (the call timeout) ends it.
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        using var client = new ClusterClient(FakeConnections.For(_api, server: server), new LookupOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });

        var watch = Stopwatch.StartNew();
        var result = await client.SendAsync("/version", Version);

        result.Reason.ShouldBe("timeout");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300) + TimeSpan.FromSeconds(1));
    }

    [Fact]
    public async Task SendAsync_NobodyListening_FailsConnection()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var server = new Uri($"https://127.0.0.1:{((IPEndPoint)listener.LocalEndpoint).Port}");
        listener.Stop();
        using var client = new ClusterClient(FakeConnections.For(_api, server: server), Patient);

        (await client.SendAsync("/version", Version)).Reason.ShouldBe("connection");
    }

    private static string Base64(string text) => Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes(text));
}
