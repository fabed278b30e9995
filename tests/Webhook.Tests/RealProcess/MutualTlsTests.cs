using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// <c>server.tls.clientCAFile</c> (SPEC C2) with the real process: a client certificate signed by
/// that CA is served; one from another CA is refused during the TLS handshake; a client without a
/// certificate may read /healthz and /readyz (kubelet probes have none) but gets 403 from /mutate.
/// </summary>
public sealed class MutualTlsTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-mtls-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task ClientCa_TrustedAndUntrustedClients_OnlyTrustedIsServed()
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        using var apiServers = new ClientCertificates("kube-apiserver-client-ca");
        using var strangers = new ClientCertificates("some-other-ca");
        var clientCa = apiServers.WriteCaPem(Path.Combine(_root, "client-ca.crt"));
        using var trusted = apiServers.Issue("kube-apiserver");
        using var untrusted = strangers.Issue("kube-apiserver");

        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "registry.example.com:5000", clientCa));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(certs.CaFile, clientCertificate: trusted);

        using (var good = WebhookProcess.CreateClient(certs.CaFile, clientCertificate: trusted))
        {
            (await PostReviewAsync(good, server)).StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var anonymous = WebhookProcess.CreateClient(certs.CaFile))
        {
            using var forbidden = await PostReviewAsync(anonymous, server);
            forbidden.StatusCode.ShouldBe(HttpStatusCode.Forbidden);
            (await forbidden.Content.ReadAsStringAsync()).ShouldBe("a client certificate signed by server.tls.clientCAFile is required\n");
            forbidden.Headers.RetryAfter.ShouldBeNull();
            using var ready = await anonymous.GetAsync(server.Url("/readyz"));
            ready.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        using (var stranger = WebhookProcess.CreateClient(certs.CaFile, clientCertificate: untrusted))
        {
            await AssertRefusedAsync(stranger, server);
        }

        // The untrusted client never reached /mutate and the anonymous one was refused before any
        // review was read: one review counted, and the server still serves.
        using var again = WebhookProcess.CreateClient(certs.CaFile, clientCertificate: trusted);
        using var metrics = await again.GetAsync(server.Url("/metrics"));
        var text = await metrics.Content.ReadAsStringAsync();
        var samples = MetricsText.Samples(text, "restore_mutator_admission_requests_total{").ToList();
        double Count(Func<string, bool> which) => samples.Where(which)
            .Sum(line => double.Parse(line[(line.LastIndexOf(' ') + 1)..], System.Globalization.CultureInfo.InvariantCulture));
        Count(line => !line.Contains("outcome=\"rejected\"", StringComparison.Ordinal)).ShouldBe(1);
        Count(line => line.Contains("outcome=\"rejected\"", StringComparison.Ordinal)).ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_bad_requests_total{code=\"403\"}").ShouldBe(1);
        server.HasExited.ShouldBeFalse();
    }

    private static async Task AssertRefusedAsync(HttpClient client, WebhookProcess server)
    {
        // With TLS 1.3 the server's verdict on the client certificate arrives right after the
        // client's Finished message, so the failure may surface while reading the answer.
        var error = await Should.ThrowAsync<HttpRequestException>(async () => (await PostReviewAsync(client, server)).Dispose());
        error.HttpRequestError.ShouldBeOneOf(HttpRequestError.SecureConnectionError, HttpRequestError.ResponseEnded, HttpRequestError.Unknown);
    }

    private static async Task<HttpResponseMessage> PostReviewAsync(HttpClient client, WebhookProcess server)
    {
        using var content = new StringContent(Reviews.Review(Reviews.Deployment()).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        return await client.PostAsync(server.Url("/mutate"), content);
    }
}
