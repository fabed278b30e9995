using System.Text;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>Operator rules (U) through the host: the patch and S7, the per-rule metric and the request log event.</summary>
public class OperatorRulesContractTests
{
    private const string Config = """
        lookups: off
        server: {tls: {certFile: "", keyFile: ""}}
        rules:
          - name: standby-replicas
            match: {kinds: [apps/Deployment], restores: ["nightly-*"]}
            patch:
              - {op: replace, path: /spec/replicas, value: 0}
          - name: never-matches
            match: {kinds: [apps/Deployment], namespaces: [elsewhere]}
            patch:
              - {op: replace, path: /spec/replicas, value: 5}
          - name: no-debug-pods
            match: {kinds: [Pod]}
            skip: true
            reason: debug pods stay behind
        """;

    [Fact]
    public async Task Mutate_MatchingRule_PatchesRecordsFamilyCountsAndLogsTheRule()
    {
        var logs = new CapturingLoggerProvider();
        await using var webhook = await InMemoryWebhook.StartAsync(Config, services: s => s.AddSingleton<ILoggerProvider>(logs));

        var answer = await webhook.ReviewAsync(Reviews.Review(Reviews.Deployment(), uid: "rule-uid"));

        var patch = JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String((string)answer["response"]!["patch"]!)))!.AsArray();
        patch.ToJsonString().ShouldBe("""[{"op":"replace","path":"/spec/replicas","value":0},{"op":"add","path":"/metadata/annotations/restore-mutator.io~1applied","value":"rule:standby-replicas"}]""");
        var text = await webhook.MetricsAsync();
        MetricsText.Value(text, "restore_mutator_rule_applications_total{effect=\"changed\",rule=\"standby-replicas\"}").ShouldBe(1);
        text.ShouldNotContain("rule=\"never-matches\"");
        var reviewed = logs.Events.Single(e => e.EventName == "AdmissionReviewed" && e.Message.Contains("rule-uid", StringComparison.Ordinal));
        reviewed.Message.ShouldContain("[rule:standby-replicas] rules=[standby-replicas]");
    }

    [Fact]
    public async Task Mutate_SkipRule_AnswersAsP4AndCountsTheRule()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(Config);
        var pod = Reviews.Deployment();
        pod["kind"] = "Pod";
        pod["apiVersion"] = "v1";

        var answer = await webhook.ReviewAsync(Reviews.Review(pod, group: "", kind: "Pod", resource: "pods"));

        ((bool)answer["response"]!["allowed"]!).ShouldBeFalse();
        ((int)answer["response"]!["status"]!["code"]!).ShouldBe(409);
        ((string)answer["response"]!["status"]!["message"]!).ShouldBe("restore-mutator skipped pod shop/web: debug pods stay behind (rule no-debug-pods)");
        var text = await webhook.MetricsAsync();
        MetricsText.Value(text, "restore_mutator_skips_total{reason=\"rule\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_rule_applications_total{effect=\"skipped\",rule=\"no-debug-pods\"}").ShouldBe(1);
    }
}
