using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// SPEC C5 with the real process under load: on SIGTERM readiness turns 503 "shutting down" while
/// the server keeps answering for the drain delay; then the listener closes, requests in flight
/// finish with their answers, and the process exits 0.
/// </summary>
public sealed class GracefulShutdownTests : IAsyncLifetime
{
    private const string ShutdownDelayVariable = "RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS";

    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-stop-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync() => ValueTask.CompletedTask;

    public ValueTask DisposeAsync()
    {
        if (Directory.Exists(_root))
        {
            // A skipped test never made it.
            Directory.Delete(_root, recursive: true);
        }
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Sigterm_UnderLoad_DrainsInFlightRequestsAndExitsZero()
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "image-registry.openshift-image-registry.svc:5000"));
        var drain = TimeSpan.FromSeconds(2);
        await using var server = WebhookProcess.Start(config, port,
            new Dictionary<string, string> { ["RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS"] = ((int)drain.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await server.WaitReadyAsync(certs.CaFile);

        await using var load = new ReviewLoad(server, certs.CaFile);
        load.Start(loops: 4);
        load.Start(loops: 2, objectBytes: 512 * 1024);
        await load.WaitForSuccessesAsync(40, TimeSpan.FromSeconds(60));

        // Slow requests: headers and part of the body are sent before SIGTERM, the rest trickles
        // in until well after the drain delay, so they are in flight when the listener closes.
        var slow = Enumerable.Range(0, 3).Select(i => SlowReviewAsync(server, certs.CaFile, $"slow-{i}", drain + TimeSpan.FromSeconds(2))).ToList();
        await Task.Delay(500);
        var signalled = Stopwatch.StartNew();
        server.Terminate();

        // Readiness answers 503 during the drain, while /mutate is still served.
        var notReady = await WaitForNotReadyAsync(server, certs.CaFile);
        notReady.ShouldBe("not ready: shutting down\n");
        signalled.Elapsed.ShouldBeLessThan(drain);
        var servedBeforeDrainEnds = load.Succeeded;
        await Task.Delay(drain / 4);
        load.Succeeded.ShouldBeGreaterThan(servedBeforeDrainEnds, "requests are still answered during the drain delay");

        // Kubernetes takes the pod out of the endpoints: no new requests from here on.
        load.StopStarting();
        await Task.Delay(drain);

        // The listener is closed now: a new connection is refused, in-flight requests still finish.
        var refused = await Should.ThrowAsync<HttpRequestException>(() => ReadyzAsync(server, certs.CaFile));
        refused.HttpRequestError.ShouldBeOneOf(HttpRequestError.ConnectionError, HttpRequestError.SecureConnectionError);
        foreach (var answer in await Task.WhenAll(slow))
        {
            answer.ShouldStartWith("200 slow-");
        }

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(server.OutputText);
        server.ExitCode.ShouldBe(0);
        await load.StopAsync();
        load.Failures.ShouldBeEmpty();
        server.OutputText.ShouldContain("ShutdownDraining");
    }

    /// <summary>
    /// The rollout case the API server meets: 16 keep-alive callers on replica A; SIGTERM to A; a
    /// second later the endpoint removal reaches the callers (new connections go to B). During the
    /// drain A's answers close their connections (HTTP/1.1 Connection: close, HTTP/2 GOAWAY), so every
    /// caller reconnects to B long before A's listener closes, and no request is lost.
    /// </summary>
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task Sigterm_KeepAliveCallers_MoveToAnotherReplicaBeforeTheListenerClosesAndLoseNothing(bool http2)
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var drain = TimeSpan.FromSeconds(4);
        await using var a = await StartReplicaAsync(certs, "replica-a.example.com:5000", http2, drain);
        await using var b = await StartReplicaAsync(certs, "replica-b.example.com:5000", http2, drain);
        await using var callers = new KeepAliveCallers(certs.CaFile, a.Port, http2);
        callers.Start(16);
        await callers.WaitForAnswersAsync(perCaller: 5, TimeSpan.FromSeconds(60));
        callers.Connects.Count.ShouldBe(16, "each caller reuses its one connection");

        var signalled = callers.Now;
        a.Terminate();
        await Task.Delay(TimeSpan.FromSeconds(1));
        callers.Target = b.Port;
        (await a.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(a.OutputText);
        await Task.Delay(TimeSpan.FromMilliseconds(500));
        await callers.StopAsync();

        callers.Failures.ShouldBeEmpty();
        a.ExitCode.ShouldBe(0);
        var answers = callers.Answers;
        var fromA = answers.Where(x => x.Replica == "replica-a.example.com:5000" && x.At > signalled).ToList();
        fromA.ShouldNotBeEmpty("A keeps answering during the drain");
        answers.ShouldContain(x => x.Replica == "replica-b.example.com:5000");
        if (!http2)
        {
            // Once A drains, its answers close their connection; 500 ms of slack for answers it
            // produced just before (they reach the callers a little later on a busy machine).
            var firstClose = fromA.Where(x => x.ConnectionClose).Select(x => x.At).DefaultIfEmpty(TimeSpan.MaxValue).Min();
            firstClose.ShouldBeLessThan(signalled + TimeSpan.FromSeconds(2), "the drain starts at SIGTERM");
            fromA.Where(x => x.At > firstClose + TimeSpan.FromMilliseconds(500)).ShouldAllBe(x => x.ConnectionClose);
        }

        // Every caller left A well before its listener closed (signal + drain), not when it closed.
        var lastFromA = fromA.Max(x => x.At);
        lastFromA.ShouldBeLessThan(signalled + drain - TimeSpan.FromSeconds(1.5), $"last answer from A {lastFromA - signalled} after SIGTERM");
        callers.Connects.Where(c => c.Port == b.Port).Select(c => c.At).Min().ShouldBeLessThan(signalled + drain - TimeSpan.FromSeconds(1.5));
        a.OutputText.ShouldContain("ShutdownDraining");
    }

    [Fact]
    public async Task Sigint_DefaultDrainDelay_StopsWithoutWaitingForIt()
    {
        // Ctrl+C is someone at a terminal, not an orchestrator: no 10 s wait (SIGTERM drains).
        // A test run started in the background by a non-interactive shell (nohup, `cmd &`) ignores
        // SIGINT, and the server inherits that: as it should, it then ignores Ctrl+C too.
        Assert.SkipWhen(SigintIgnored(), "SIGINT is ignored by this test run (started in the background by a shell), so the server it starts inherits that and cannot be interrupted");
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "r.example.com:5000"));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(certs.CaFile);

        var interrupted = Stopwatch.StartNew();
        server.Interrupt();

        (await server.WaitForExitAsync(TimeSpan.FromSeconds(30))).ShouldBeTrue(server.OutputText);
        interrupted.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(8), "the default drain delay is 10 s");
        server.ExitCode.ShouldBe(0);
        server.Output.ShouldContain(l => l.Contains("ShutdownInterrupted", StringComparison.Ordinal));
        server.Output.ShouldNotContain(l => l.Contains("ShutdownDraining", StringComparison.Ordinal));
    }

    /// <summary>Whether this process ignores SIGINT (bit 2 of <c>SigIgn</c> in /proc/self/status), a disposition children inherit.</summary>
    private static bool SigintIgnored()
    {
        var line = File.ReadLines("/proc/self/status").FirstOrDefault(l => l.StartsWith("SigIgn:", StringComparison.Ordinal));
        return line is not null && (ulong.Parse(line["SigIgn:".Length..].Trim(), System.Globalization.NumberStyles.HexNumber, System.Globalization.CultureInfo.InvariantCulture) & 0x2) != 0;
    }

    private async Task<WebhookProcess> StartReplicaAsync(TestCertificates certs, string destination, bool http2, TimeSpan drain)
    {
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, $"config-{port}.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, destination, http2: http2));
        var server = WebhookProcess.Start(config, port,
            new Dictionary<string, string> { [ShutdownDelayVariable] = ((int)drain.TotalSeconds).ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await server.WaitReadyAsync(certs.CaFile);
        return server;
    }

    private static async Task<string> WaitForNotReadyAsync(WebhookProcess server, string caFile)
    {
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (DateTime.UtcNow < deadline)
        {
            var text = await ReadyzAsync(server, caFile);
            if (text.StartsWith("not ready", StringComparison.Ordinal))
            {
                return text;
            }

            await Task.Delay(25);
        }

        throw new TimeoutException("readiness never turned false");
    }

    private static async Task<string> ReadyzAsync(WebhookProcess server, string caFile)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        using var response = await client.GetAsync(server.Url("/readyz"));
        var text = await response.Content.ReadAsStringAsync();
        (response.StatusCode == HttpStatusCode.OK || response.StatusCode == HttpStatusCode.ServiceUnavailable).ShouldBeTrue(text);
        return text;
    }

    /// <summary>Sends a review whose body arrives over <paramref name="duration"/>; returns "status uid".</summary>
    private static async Task<string> SlowReviewAsync(WebhookProcess server, string caFile, string uid, TimeSpan duration)
    {
        using var client = WebhookProcess.CreateClient(caFile);
        var obj = Reviews.Deployment();
        obj["metadata"]!["annotations"]!["pad"] = new string('s', 16 * 1024);
        var bytes = Encoding.UTF8.GetBytes(Reviews.Review(obj, uid: uid).ToJsonString());
        using var content = new TrickleContent(bytes, chunks: 20, duration);
        using var response = await client.PostAsync(server.Url("/mutate"), content);
        var text = await response.Content.ReadAsStringAsync();
        return response.StatusCode == HttpStatusCode.OK
            ? $"{(int)response.StatusCode} {(string?)JsonNode.Parse(text)!["response"]!["uid"]}"
            : $"{(int)response.StatusCode} {text}";
    }

    /// <summary>A JSON body with a Content-Length, written in chunks spread over a duration.</summary>
    private sealed class TrickleContent : HttpContent
    {
        private readonly byte[] _bytes;
        private readonly int _chunks;
        private readonly TimeSpan _duration;

        public TrickleContent(byte[] bytes, int chunks, TimeSpan duration)
        {
            _bytes = bytes;
            _chunks = chunks;
            _duration = duration;
            Headers.ContentType = new MediaTypeHeaderValue("application/json");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            var size = (_bytes.Length + _chunks - 1) / _chunks;
            for (var offset = 0; offset < _bytes.Length; offset += size)
            {
                await stream.WriteAsync(_bytes.AsMemory(offset, Math.Min(size, _bytes.Length - offset)));
                await stream.FlushAsync();
                await Task.Delay(_duration / _chunks);
            }
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _bytes.Length;
            return true;
        }
    }
}
