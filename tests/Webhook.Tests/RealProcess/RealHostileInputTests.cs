using System.Net;
using System.Net.Http.Headers;
using System.Text;
using RestoreMutator.Webhook.Admission;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// The transport guard rails through Kestrel itself (the in-memory corpus bypasses Kestrel's own
/// limits and framing): oversize bodies with and without Content-Length, broken chunked framing,
/// wrong content type and invalid UTF-8 get their 4xx, never a 5xx or Retry-After, and the real
/// server keeps serving.
/// </summary>
public sealed class RealHostileInputTests : IAsyncLifetime
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-hostile-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Kestrel_HostileRequests_AnsweredWith4xxAndServerKeepsServing()
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "registry.example.com:5000"));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(certs.CaFile);
        using var client = WebhookProcess.CreateClient(certs.CaFile);
        var oversize = new byte[AdmissionHandler.MaxBodyBytes + 1024];
        Array.Fill(oversize, (byte)' ');

        // Oversize: the server answers 413 without reading the rest and closes the connection. A
        // client that waits for "100 Continue" (curl does for large bodies) reads the 413; one that
        // keeps writing may see a broken pipe instead (Go's client, the API server's, still reads
        // the early answer). Either way the server counted a 413 and keeps serving.
        await AssertStatusAsync(client, server, new ByteArrayContent(oversize), "application/json", 413, expectContinue: true);
        await AssertStatusAsync(client, server, new StreamContent(new NoLengthStream(oversize)), "application/json", 413, transportErrorAllowed: true);
        await AssertStatusAsync(client, server, new StringContent("{}"), "text/plain", 415);
        await AssertStatusAsync(client, server, new ByteArrayContent([(byte)'{', 0xFF, (byte)'}']), "application/json", 400);
        await AssertStatusAsync(client, server, new ByteArrayContent([0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Reviews.Review(Reviews.Deployment()).ToJsonString())]), "application/json", 200);

        var status = await RawChunkedAsync(server, certs.CaFile, "5\r\n{\"a\":\r\nZZ\r\n");
        status.ShouldStartWith("HTTP/1.1 400");

        using var content = new StringContent(Reviews.Review(Reviews.Deployment()).ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var good = await client.PostAsync(server.Url("/mutate"), content);
        good.StatusCode.ShouldBe(HttpStatusCode.OK);
        server.HasExited.ShouldBeFalse();

        var metrics = await client.GetStringAsync(server.Url("/metrics"));
        MetricsText.Value(metrics, "restore_mutator_bad_requests_total{code=\"413\"}").ShouldBe(2);
        MetricsText.Value(metrics, "restore_mutator_bad_requests_total{code=\"415\"}").ShouldBe(1);
        MetricsText.Value(metrics, "restore_mutator_bad_requests_total{code=\"400\"}").ShouldBe(2);
        // The rejections are logged at Warning (which guards the level check below), none at Error or Fatal.
        await Poll.UntilAsync(() => Task.FromResult(server.Output.Any(line => line.Contains("\"@l\":\"Warning\"", StringComparison.Ordinal)
            && line.Contains("AdmissionRejectedInput", StringComparison.Ordinal))), "rejection logged at Warning", TimeSpan.FromSeconds(20));
        server.Output.ShouldNotContain(line => line.Contains("\"@l\":\"Error\"", StringComparison.Ordinal) || line.Contains("\"@l\":\"Fatal\"", StringComparison.Ordinal));
    }

    private static async Task AssertStatusAsync(HttpClient client, WebhookProcess server, HttpContent content, string contentType, int expected,
        bool expectContinue = false, bool transportErrorAllowed = false)
    {
        content.Headers.ContentType = MediaTypeHeaderValue.Parse(contentType);
        using var request = new HttpRequestMessage(HttpMethod.Post, server.Url("/mutate")) { Content = content };
        request.Headers.ExpectContinue = expectContinue;
        HttpResponseMessage response;
        try
        {
            response = await client.SendAsync(request);
        }
        catch (HttpRequestException) when (transportErrorAllowed)
        {
            return;
        }

        using (content)
        using (response)
        {
            var body = await response.Content.ReadAsStringAsync();
            ((int)response.StatusCode).ShouldBe(expected, body);
            response.Headers.RetryAfter.ShouldBeNull();
            if (expected != 200)
            {
                body.TrimEnd('\n').ShouldNotContain("\n");
            }
        }
    }

    /// <summary>Sends a POST with broken chunked framing over raw TLS; returns the status line.</summary>
    private static async Task<string> RawChunkedAsync(WebhookProcess server, string caFile, string chunkedBody)
    {
        using var tcp = new System.Net.Sockets.TcpClient();
        await tcp.ConnectAsync(IPAddress.Loopback, server.Port);
        var ca = System.Security.Cryptography.X509Certificates.X509Certificate2.CreateFromPem(await File.ReadAllTextAsync(caFile));
        await using var tls = new System.Net.Security.SslStream(tcp.GetStream());
        await tls.AuthenticateAsClientAsync(new System.Net.Security.SslClientAuthenticationOptions
        {
            TargetHost = TestCertificates.ServiceName,
            CertificateChainPolicy = new System.Security.Cryptography.X509Certificates.X509ChainPolicy
            {
                TrustMode = System.Security.Cryptography.X509Certificates.X509ChainTrustMode.CustomRootTrust,
                CustomTrustStore = { ca },
                RevocationMode = System.Security.Cryptography.X509Certificates.X509RevocationMode.NoCheck,
            },
        });
        var request = $"POST /mutate HTTP/1.1\r\nHost: {TestCertificates.ServiceName}\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n{chunkedBody}";
        await tls.WriteAsync(Encoding.ASCII.GetBytes(request));
        await tls.FlushAsync();
        using var reader = new StreamReader(tls, Encoding.ASCII);
        return await reader.ReadLineAsync() ?? string.Empty;
    }

    /// <summary>A body whose length the client cannot know, so it is sent chunked.</summary>
    private sealed class NoLengthStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override bool CanSeek => false;
    }
}
