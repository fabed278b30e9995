using System.Diagnostics;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>The GET-only client against a real TLS server: trust, authentication, and every failure mapped to a reason.</summary>
public class KubernetesApiClientTests : IAsyncLifetime
{
    /// <summary>A connect timeout a busy test machine cannot miss; timeouts are tested with the call's token.</summary>
    internal static readonly LookupOptions Patient = new() { CallTimeout = TimeSpan.FromSeconds(10) };

    private FakeKubernetesApi _api = null!;

    public async ValueTask InitializeAsync() => _api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();

    public async ValueTask DisposeAsync() => await _api.DisposeAsync();

    [Fact]
    public async Task GetAsync_TrustedCaAndToken_ReturnsDocument()
    {
        using var client = Client();
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBeEmpty(response.Detail);
        response.Document!.RootElement.GetProperty("minor").GetString().ShouldBe("31+");
    }

    [Fact]
    public async Task GetAsync_ClientCertificateWithoutToken_IsAuthenticated()
    {
        using var client = Client(credentials => credentials with
        {
            Token = null,
            ClientCertificate = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(
                _api.Certificates.ClientCertificatePem, _api.Certificates.ClientKeyPem),
        });
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Document.ShouldNotBeNull(response.Detail);
    }

    [Theory]
    [InlineData(403, "forbidden")]
    [InlineData(500, "server_error")]
    [InlineData(429, "http_error")]
    public async Task GetAsync_ErrorStatus_FailsWithReason(int status, string reason)
    {
        _api.Json("/apis/config.openshift.io/v1/images/cluster", ApiObjects.ForbiddenStatus, status);
        using var client = Client();
        using var response = await client.GetAsync("/apis/config.openshift.io/v1/images/cluster", CancellationToken.None);

        response.Document.ShouldBeNull();
        response.Reason.ShouldBe(reason);
    }

    [Fact]
    public async Task GetAsync_Missing_IsNotFoundNotFailure()
    {
        using var client = Client();
        using var response = await client.GetAsync("/apis/velero.io/v1/namespaces/openshift-adp/restores/nope", CancellationToken.None);

        response.IsNotFound.ShouldBeTrue();
    }

    [Fact]
    public async Task GetAsync_WrongToken_FailsUnauthorized()
    {
        using var client = Client(credentials => credentials with { Token = BearerToken.Fixed("stale") });
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBe("unauthorized");
    }

    [Fact]
    public async Task GetAsync_NotJson_FailsInvalidResponse()
    {
        _api.Garbage("/version");
        using var client = Client();
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBe("invalid_response");
    }

    [Fact]
    public async Task GetAsync_ServerSignedByAnotherCa_FailsTls()
    {
        using var other = new FakeApiCertificates("another-ca");
        using var client = Client(credentials => credentials with { CertificateAuthority = [other.Authority] });
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBe("tls");
        _api.Hits("/version").ShouldBe(0);
    }

    [Fact]
    public async Task GetAsync_InsecureSkipTlsVerify_AcceptsAnyServer()
    {
        using var other = new FakeApiCertificates("another-ca");
        using var client = Client(credentials => credentials with { CertificateAuthority = [other.Authority], InsecureSkipTlsVerify = true });
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Document.ShouldNotBeNull(response.Detail);
    }

    [Fact]
    public async Task GetAsync_SlowServer_GivesUpWhenTokenFires()
    {
        _api.Slow("/version", TimeSpan.FromSeconds(10));
        using var client = Client();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMilliseconds(300));
        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/version", timeout.Token);

        response.Reason.ShouldBe("timeout");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300 + 1000));
    }

    [Fact]
    public async Task GetAsync_ServerNeverHandshakes_TimesOutWithoutThrowing()
    {
        // Accepts TCP but never speaks TLS: only the handler's ConnectTimeout (the call timeout) ends it.
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        var credentials = new ClusterCredentials { Server = new Uri($"https://127.0.0.1:{port}"), Source = "test" };
        using var client = new KubernetesApiClient(credentials, new LookupOptions { CallTimeout = TimeSpan.FromMilliseconds(300) });

        var watch = Stopwatch.StartNew();
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBe("timeout");
        watch.Elapsed.ShouldBeLessThan(TimeSpan.FromMilliseconds(300 + 1000));
    }

    [Fact]
    public async Task GetAsync_NobodyListening_FailsConnection()
    {
        using var listener = new System.Net.Sockets.TcpListener(System.Net.IPAddress.Loopback, 0);
        listener.Start();
        var port = ((System.Net.IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        using var client = Client(credentials => credentials with { Server = new Uri($"https://127.0.0.1:{port}") });
        using var response = await client.GetAsync("/version", CancellationToken.None);

        response.Reason.ShouldBe("connection");
    }

    private KubernetesApiClient Client(Func<ClusterCredentials, ClusterCredentials>? change = null)
    {
        var credentials = new ClusterCredentials
        {
            Server = _api.Address,
            CertificateAuthority = [_api.Certificates.Authority],
            Token = BearerToken.Fixed(FakeKubernetesApi.Token),
            Source = "test",
        };
        return new KubernetesApiClient(change is null ? credentials : change(credentials), Patient);
    }
}
