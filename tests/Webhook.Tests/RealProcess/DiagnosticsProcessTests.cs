using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// Logs and metrics of the real server: the per-request summary event as a JSON line on stdout
/// with its fields (SPEC C4), <c>RESTORE_MUTATOR_LOG_LEVEL</c>, and the connection and process
/// figures on <c>/metrics</c> (SPEC C9) that only a server on real sockets has.
/// </summary>
public sealed class DiagnosticsProcessTests : IAsyncLifetime
{
    private const string Uid = "c4c4c4c4-0000-4000-8000-00000000c4c4";
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-diag-" + Guid.NewGuid().ToString("N")[..8]);
    private TestCertificates _certificates = null!;

    public async ValueTask InitializeAsync() => _certificates = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Server_PatchedReview_WritesOneSummaryJsonLineWithEveryField()
    {
        await using var server = await StartAsync();
        using var client = WebhookProcess.CreateClient(_certificates.CaFile);
        var input = Reviews.Deployment();
        var answer = await ReviewAsync(client, server, Reviews.Review(input, uid: Uid));
        var operations = Reviews.Patch(answer)!.Count;

        var line = await SummaryLineAsync(server, Uid);

        using var json = JsonDocument.Parse(line);
        var root = json.RootElement;
        // Compact JSON (CLEF): @l is left out for Information; the properties are at the top level.
        root.TryGetProperty("@l", out _).ShouldBeFalse();
        DateTimeOffset.Parse(root.GetProperty("@t").GetString()!, System.Globalization.CultureInfo.InvariantCulture).Offset.ShouldBe(TimeSpan.Zero);
        // Strings read as text in the message (no quotes), as in Serilog's own console template ({Message:lj}).
        root.GetProperty("@m").GetString()!.ShouldStartWith($"CREATE Deployment shop/web uid={Uid} dryRun=False: patched with {operations} operations [");
        root.TryGetProperty("Renderings", out _).ShouldBeFalse("the message is rendered once, not per placeholder");
        root.GetProperty("Uid").GetString().ShouldBe(Uid);
        root.GetProperty("EventId").GetProperty("Id").GetInt32().ShouldBe(1);
        root.GetProperty("EventId").GetProperty("Name").GetString().ShouldBe("AdmissionReviewed");
        root.GetProperty("Kind").GetString().ShouldBe("Deployment");
        root.GetProperty("Namespace").GetString().ShouldBe("shop");
        root.GetProperty("Name").GetString().ShouldBe("web");
        root.GetProperty("Operation").GetString().ShouldBe("CREATE");
        root.GetProperty("DryRun").GetBoolean().ShouldBeFalse();
        root.GetProperty("Outcome").GetString().ShouldBe("patched");
        root.GetProperty("OperationCount").GetInt32().ShouldBe(operations);
        root.GetProperty("Families").GetString()!.ShouldNotBeNullOrEmpty();
        root.GetProperty("SkipCode").ValueKind.ShouldBe(JsonValueKind.Null);
        root.GetProperty("WarningCount").GetInt32().ShouldBe(0);
        root.GetProperty("Profile").ValueKind.ShouldBe(JsonValueKind.Null, "no profile is configured (X1)");
        root.GetProperty("ElapsedMicroseconds").GetInt64().ShouldBeInRange(0, 10_000_000);
        // Object bodies are never logged: the image the patch rewrote is not in the line.
        line.ShouldNotContain("docker-registry.default.svc:5000/shop-old/web");
        server.Output.Count(l => l.Contains(Uid, StringComparison.Ordinal) && l.Contains("AdmissionReviewed", StringComparison.Ordinal)).ShouldBe(1);
    }

    [Fact]
    public async Task Server_LogLevelWarning_LeavesOutSummaryEventsButKeepsWarnings()
    {
        await using var server = await StartAsync(new Dictionary<string, string> { ["RESTORE_MUTATOR_LOG_LEVEL"] = "warning" });
        using var client = WebhookProcess.CreateClient(_certificates.CaFile);
        await ReviewAsync(client, server, Reviews.Review(Reviews.Deployment(), uid: Uid));
        using (var content = new StringContent("not json", Encoding.UTF8, "application/json"))
        using (var rejected = await client.PostAsync(server.Url("/mutate"), content))
        {
            rejected.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        }

        // Events are written in order: once the later warning is out, the summary would be too.
        await Poll.UntilAsync(() => Task.FromResult(server.Output.Any(l => l.Contains("AdmissionRejectedInput", StringComparison.Ordinal))),
            "rejection logged", TimeSpan.FromSeconds(20));
        server.Output.ShouldNotContain(l => l.Contains("AdmissionReviewed", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_Metrics_CarryOpenConnectionsAndProcessFiguresInValidTextFormat()
    {
        await using var server = await StartAsync();
        using var client = WebhookProcess.CreateClient(_certificates.CaFile);
        await ReviewAsync(client, server, Reviews.Review(Reviews.Deployment(), uid: Uid));

        // Scraped over the same keep-alive connection, which is open while it answers.
        var text = await client.GetStringAsync(server.Url("/metrics"));

        PrometheusExposition.Validate(text).ShouldBeEmpty();
        PrometheusExposition.TypeOf(text, "kestrel_active_connections").ShouldBe("gauge");
        var connections = PrometheusExposition.Samples(text).Where(s => s.Name == "kestrel_active_connections").ToList();
        connections.Sum(s => s.Value).ShouldBeGreaterThanOrEqualTo(1);
        connections.ShouldAllBe(s => s.Label("server_port") == server.Port.ToString(System.Globalization.CultureInfo.InvariantCulture));
        MetricsText.Value(text, "process_open_fds").ShouldBeGreaterThanOrEqualTo(3);
        MetricsText.Value(text, "process_resident_memory_bytes").ShouldBeGreaterThan(10.0 * 1024 * 1024);
        MetricsText.Value(text, "dotnet_thread_pool_thread_count").ShouldBeGreaterThanOrEqualTo(1);
        text.ShouldContain("\nrestore_mutator_log_events_dropped_total 0\n");
        MetricsText.Value(text, "restore_mutator_admission_requests_total{kind=\"Deployment\",operation=\"CREATE\",outcome=\"patched\"}").ShouldBe(1);
    }

    private async Task<WebhookProcess> StartAsync(IDictionary<string, string>? environment = null)
    {
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, $"config-{port}.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, _certificates.CertFile, _certificates.KeyFile, "image-registry.openshift-image-registry.svc:5000"));
        var server = WebhookProcess.Start(config, port, environment);
        await server.WaitReadyAsync(_certificates.CaFile);
        return server;
    }

    private static async Task<JsonObject> ReviewAsync(HttpClient client, WebhookProcess server, JsonObject review)
    {
        using var content = new StringContent(review.ToJsonString(), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        using var response = await client.PostAsync(server.Url("/mutate?timeout=10s"), content);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        return JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
    }

    private static async Task<string> SummaryLineAsync(WebhookProcess server, string uid)
    {
        string? line = null;
        await Poll.UntilAsync(() =>
        {
            line = server.Output.FirstOrDefault(l => l.StartsWith('{') && l.Contains("\"AdmissionReviewed\"", StringComparison.Ordinal) && l.Contains(uid, StringComparison.Ordinal));
            return Task.FromResult(line is not null);
        }, "summary event written", TimeSpan.FromSeconds(20));
        return line!;
    }
}
