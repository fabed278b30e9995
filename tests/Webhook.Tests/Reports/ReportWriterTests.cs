using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using RestoreMutator.Webhook.Reports;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Reports;

/// <summary>
/// The report as the API server receives it (SPEC X2): a ConfigMap and an Event per restore and
/// replica, written off the request path, objects counted once, dry runs never, failures retried,
/// a 403 logged once, and admission answers unaffected throughout.
/// </summary>
public class ReportWriterTests : IAsyncLifetime
{
    private const string NameA = "restore-mutator-report-nightly-20261120-abcde";
    private const string NameB = "restore-mutator-report-nightly-20261120-fghij";
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(20);
    private ReportCluster _cluster = null!;

    public async ValueTask InitializeAsync() => _cluster = await ReportCluster.StartAsync();

    public async ValueTask DisposeAsync() => await _cluster.DisposeAsync();

    [Fact]
    public async Task Report_CreatesUpdatesAndDryRuns_CountsEachCreatedObjectOnce()
    {
        _cluster.AcceptingWrites(NameA);
        var webhook = await _cluster.ReplicaAsync("abcde");

        var web = LookupReviews.Deployment();
        (await webhook.ReviewAsync(Reviews.Review(web))).ShouldNotBeNull();
        // Velero's UPDATE after the create, a reinvoked CREATE and a dry run: none counts again.
        await webhook.ReviewAsync(Reviews.Review(web, operation: "UPDATE"));
        await webhook.ReviewAsync(Reviews.Review(web, uid: "reinvoked"));
        var api = Named(LookupReviews.Deployment(), "api");
        await webhook.ReviewAsync(Reviews.Review(api, dryRun: true));
        await webhook.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "worker")));

        await Poll.UntilAsync(() => Task.FromResult(Total(_cluster.LastSummary(NameA)) == 2), "a report counting 2 objects", Patience);
        var configMap = _cluster.LastConfigMap(NameA)!;
        var created = _cluster.Writes("POST", ReportCluster.ConfigMaps)[0];
        ((string?)created["metadata"]!["namespace"]).ShouldBe(ReportCluster.Namespace);
        ((string?)created["metadata"]!["labels"]!["restore-mutator.io/report-for"]).ShouldBe(ReportCluster.Restore);
        ((string?)created["metadata"]!["labels"]!["app.kubernetes.io/managed-by"]).ShouldBe("restore-mutator");
        var summary = _cluster.LastSummary(NameA)!;
        ((string?)summary["restore"]).ShouldBe(ReportCluster.Restore);
        summary["replicas"]!.AsArray().Select(r => (string?)r).ShouldBe(["abcde"]);
        ((int)summary["objects"]!["changed"]!).ShouldBe(2);
        ((int)summary["kinds"]!["Deployment.apps"]!["total"]!).ShouldBe(2);
        ((int)summary["families"]!["registry"]!).ShouldBe(2);
        var lines = ((string)configMap["data"]!["objects.jsonl"]!).Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonNode.Parse(l)!).ToList();
        lines.Select(l => (string?)l["name"]).ShouldBe(["web", "worker"]);
        lines.ShouldAllBe(l => (string?)l["operation"] == "CREATE" && (string?)l["namespace"] == "shop" && (string?)l["kind"] == "Deployment.apps");

        await Poll.UntilAsync(() => Task.FromResult(((string?)_cluster.LastEvent(NameA)?["message"])?.StartsWith("restore-mutator abcde: 2 changed", StringComparison.Ordinal) == true),
            "the Event to report 2 changed", Patience);
        var clusterEvent = _cluster.Writes("POST", ReportCluster.Events)[0];
        ((string?)clusterEvent["metadata"]!["name"]).ShouldBe(NameA);
        var involved = clusterEvent["involvedObject"]!;
        ((string?)involved["apiVersion"]).ShouldBe("velero.io/v1");
        ((string?)involved["kind"]).ShouldBe("Restore");
        ((string?)involved["namespace"]).ShouldBe(ReportCluster.Namespace);
        ((string?)involved["name"]).ShouldBe(ReportCluster.Restore);
        ((string?)involved["uid"]).ShouldBe("8d5c7a1e-3f4b-4a8e-9c2d-1b6e0f9a7c31");
        ((string?)clusterEvent["reason"]).ShouldBe("RestoreMutated");
        ((string?)clusterEvent["type"]).ShouldBe("Normal");
        ((string?)clusterEvent["source"]!["component"]).ShouldBe("restore-mutator");
        var message = (string)clusterEvent["message"]!;
        message.ShouldStartWith("restore-mutator abcde: ");
        message.ShouldContain(" skipped, ");
        message.ShouldContain(" unchanged, 0 warnings");

        // The numbers move: the ConfigMap and the Event are patched, the Event's count goes up.
        await webhook.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "cron")));
        await Poll.UntilAsync(() => Task.FromResult(((string?)_cluster.LastEvent(NameA)?["message"])?.StartsWith("restore-mutator abcde: 3 changed", StringComparison.Ordinal) == true),
            "the Event to report 3 changed", Patience);
        Total(_cluster.LastSummary(NameA)).ShouldBe(3);
        _cluster.Writes("PATCH", $"{ReportCluster.ConfigMaps}/{NameA}").ShouldNotBeEmpty();
        var patchedEvent = _cluster.Writes("PATCH", $"{ReportCluster.Events}/{NameA}")[^1];
        ((int)patchedEvent["count"]!).ShouldBeGreaterThan(1);
        _cluster.Writes("POST", ReportCluster.ConfigMaps).Count.ShouldBe(1);
    }

    [Fact]
    public async Task Report_TwoReplicas_EachWritesItsOwnConfigMap()
    {
        _cluster.AcceptingWrites(NameA, NameB);
        var a = await _cluster.ReplicaAsync("abcde");
        var b = await _cluster.ReplicaAsync("fghij");

        await a.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "web")));
        await b.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "api")));
        await b.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "worker")));

        await Poll.UntilAsync(() => Task.FromResult(Total(_cluster.LastSummary(NameA)) == 1 && Total(_cluster.LastSummary(NameB)) == 2), "both replicas' reports", Patience);
        _cluster.LastSummary(NameB)!["replicas"]!.AsArray().Select(r => (string?)r).ShouldBe(["fghij"]);
        await Poll.UntilAsync(() => Task.FromResult(_cluster.LastEvent(NameA) is not null && _cluster.LastEvent(NameB) is not null), "one Event per replica", Patience);
    }

    [Fact]
    public async Task Report_ServerErrorThenSuccess_IsRetriedAndCounted()
    {
        _cluster.AcceptingWrites(NameA);
        _cluster.Api.Record("POST", ReportCluster.ConfigMaps, call => call == 0
            ? (500, """{"kind": "Status", "code": 500}""")
            : (201, """{"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "report"}}"""));
        var webhook = await _cluster.ReplicaAsync("abcde");
        using var metrics = new MetricCapture(webhook.App.Services.GetRequiredService<ReportMetrics>().Meter);

        await webhook.ReviewAsync(Reviews.Review(LookupReviews.Deployment()));

        await Poll.UntilAsync(() => Task.FromResult(metrics.Sum(ReportMetrics.WritesName, ("object", "configmap"), ("result", "ok")) == 1), "a successful retry", Patience);
        metrics.Sum(ReportMetrics.WritesName, ("object", "configmap"), ("result", "server_error")).ShouldBe(1);
        _cluster.Writes("POST", ReportCluster.ConfigMaps).Count.ShouldBe(2);
        Total(_cluster.LastSummary(NameA)).ShouldBe(1);
        _cluster.Logs.Events.Count(e => e.EventName == "ReportWriteFailed").ShouldBe(1);
        await Poll.UntilAsync(() => Task.FromResult(_cluster.Logs.Events.Any(e => e.EventName == "ReportWriteRecovered")), "the recovery logged", Patience);
    }

    [Fact]
    public async Task Report_Forbidden_LoggedOnceAndAnswersUnaffected()
    {
        _cluster.Api.Record("POST", ReportCluster.ConfigMaps, 403, """{"kind": "Status", "code": 403, "reason": "Forbidden"}""");
        _cluster.Api.Record("POST", ReportCluster.Events, 403, """{"kind": "Status", "code": 403, "reason": "Forbidden"}""");
        var webhook = await _cluster.ReplicaAsync("abcde");
        using var metrics = new MetricCapture(webhook.App.Services.GetRequiredService<ReportMetrics>().Meter);

        var first = await webhook.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "web")));
        await Poll.UntilAsync(() => Task.FromResult(metrics.Sum(ReportMetrics.WritesName, ("result", "forbidden")) >= 1), "the 403 counted", Patience);
        var second = await webhook.ReviewAsync(Reviews.Review(Named(LookupReviews.Deployment(), "api")));
        await Task.Delay(ReportCluster.FastOptions.WriteInterval * 3);

        Reviews.Patch(first).ShouldNotBeNull();
        Reviews.Patch(second).ShouldNotBeNull();
        // One 403, one log line: writing pauses (ForbiddenPause) instead of retrying what RBAC refuses.
        metrics.Sum(ReportMetrics.WritesName, ("object", "configmap"), ("result", "forbidden")).ShouldBe(1);
        _cluster.Writes("POST", ReportCluster.ConfigMaps).Count.ShouldBe(1);
        var forbidden = _cluster.Logs.Events.Where(e => e.EventName == "ReportWriteForbidden").ShouldHaveSingleItem();
        forbidden.Message.ShouldContain("openshift-adp");
    }

    [Fact]
    public async Task Report_Disabled_WritesNothing()
    {
        _cluster.AcceptingWrites(NameA);
        var webhook = await _cluster.ReplicaAsync("abcde", LookupWebhook.Config + "\nreport: {enabled: false}\n");

        var answer = await webhook.ReviewAsync(Reviews.Review(LookupReviews.Deployment()));
        await Task.Delay(ReportCluster.FastOptions.WriteInterval * 3);

        Reviews.Patch(answer).ShouldNotBeNull();
        _cluster.Writes("POST", ReportCluster.ConfigMaps).ShouldBeEmpty();
        _cluster.Writes("POST", ReportCluster.Events).ShouldBeEmpty();
    }

    [Fact]
    public async Task Report_DryRunOnly_WritesNothing()
    {
        _cluster.AcceptingWrites(NameA);
        var webhook = await _cluster.ReplicaAsync("abcde");

        await webhook.ReviewAsync(Reviews.Review(LookupReviews.Deployment(), dryRun: true));
        await Task.Delay(ReportCluster.FastOptions.WriteInterval * 3);

        _cluster.Writes("POST", ReportCluster.ConfigMaps).ShouldBeEmpty();
    }

    [Fact]
    public async Task Report_NotesAreTakenFromTheQueueBetweenTicks()
    {
        // Notes must not wait a whole tick in the queue (they would outlive young GC generations).
        _cluster.AcceptingWrites(NameA);
        var options = ReportCluster.FastOptions with { Tick = TimeSpan.FromHours(1), DrainInterval = TimeSpan.FromMilliseconds(20) };
        var webhook = await _cluster.ReplicaAsync("abcde", options: options);
        var writer = webhook.App.Services.GetServices<IHostedService>().OfType<ReportWriter>().Single();

        await webhook.ReviewAsync(Reviews.Review(LookupReviews.Deployment()));

        await Poll.UntilAsync(() => Task.FromResult(writer.Tracked == 1), "the note applied before the first tick", Patience);
        _cluster.Writes("POST", ReportCluster.ConfigMaps).ShouldBeEmpty();
    }

    private static JsonObject Named(JsonObject obj, string name)
    {
        obj["metadata"]!["name"] = name;
        return obj;
    }

    private static int Total(JsonNode? summary) => summary is null ? -1 : (int)summary["objects"]!["total"]!;
}
