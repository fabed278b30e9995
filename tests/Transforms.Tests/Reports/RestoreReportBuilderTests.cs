using System.Text.Json;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Reports;
using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Reports;

/// <summary>The restore report's counts and object list (SPEC X2): each object once, within bounds.</summary>
public class RestoreReportBuilderTests
{
    [Fact]
    public void Add_SameObjectTwice_CountsItOnce()
    {
        var builder = new RestoreReportBuilder("nightly");

        builder.Add(Changed("Deployment.apps", "shop", "web", "registry")).ShouldBeTrue();
        builder.Add(Entry("Deployment.apps", "shop", "web", ReportDecision.Unchanged)).ShouldBeFalse();
        builder.Add(Changed("Deployment.apps", "billing", "web", "registry")).ShouldBeTrue();
        builder.Add(Changed("StatefulSet.apps", "shop", "web", "registry")).ShouldBeTrue();

        builder.Objects.ShouldBe(3);
        builder.Summary.Objects[ReportDecision.Changed].ShouldBe(3);
        builder.Summary.Objects[ReportDecision.Unchanged].ShouldBe(0);
        builder.ObjectLines().Split('\n', StringSplitOptions.RemoveEmptyEntries).Length.ShouldBe(3);
    }

    [Fact]
    public void Add_MixedObjects_CountsByDecisionKindFamilySkipReasonRuleAndWarning()
    {
        var builder = new RestoreReportBuilder("nightly");
        builder.Summary.AddRules(["standby-replicas", "unused"]);

        builder.Add(Changed("Deployment.apps", "shop", "web", "registry", "rule:standby-replicas") with { Warnings = ["w1", "w1", "w2"] });
        builder.Add(Changed("Route.route.openshift.io", "shop", "web", "route-host"));
        builder.Add(Entry("Pod", "shop", "web-1", ReportDecision.Skipped) with { SkipCode = "managed-pod", Reason = "managed by a ReplicaSet" });
        builder.Add(Entry("Pod", "shop", "web-2", ReportDecision.Skipped) with { SkipCode = "managed-pod", Reason = "managed by a ReplicaSet" });
        builder.Add(Entry("Secret", "shop", "token", ReportDecision.Unchanged) with { Warnings = ["w1"] });
        builder.Add(Entry("Service", "shop", "web", ReportDecision.Error) with { Reason = "internal error" });

        var summary = builder.Summary;
        summary.Objects.Total.ShouldBe(6);
        summary.Objects[ReportDecision.Skipped].ShouldBe(2);
        summary.Kinds["Pod"][ReportDecision.Skipped].ShouldBe(2);
        summary.Kinds["Deployment.apps"][ReportDecision.Changed].ShouldBe(1);
        summary.Families.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["registry"] = 1, ["route-host"] = 1, ["rule:standby-replicas"] = 1 });
        summary.SkipReasons.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["managed-pod"] = 2 });
        summary.Rules.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["standby-replicas"] = 1, ["unused"] = 0 });
        summary.RulesWithoutChanges.ShouldBe(["unused"]);
        // Warnings count objects: w1 twice in one answer is one object.
        summary.Warnings.ShouldBe(new SortedDictionary<string, int>(StringComparer.Ordinal) { ["w1"] = 2, ["w2"] = 1 });
        summary.WarningCount.ShouldBe(3);
    }

    [Fact]
    public void ObjectLines_SkipAndError_CarryReasonsAndTheSpecFields()
    {
        var builder = new RestoreReportBuilder("nightly");
        builder.Add(Entry("Pod", "shop", "web-1", ReportDecision.Skipped) with { SkipCode = "managed-pod", Reason = "managed by a ReplicaSet" });
        builder.Add(Changed("Deployment.apps", "shop", "web", "registry") with { Operations = 3 });

        var lines = builder.ObjectLines().Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(l => JsonDocument.Parse(l).RootElement).ToList();

        lines[0].GetProperty("kind").GetString().ShouldBe("Pod");
        lines[0].GetProperty("operation").GetString().ShouldBe("CREATE");
        lines[0].GetProperty("decision").GetString().ShouldBe("skipped");
        lines[0].GetProperty("skipCode").GetString().ShouldBe("managed-pod");
        lines[0].GetProperty("reason").GetString().ShouldBe("managed by a ReplicaSet");
        lines[1].GetProperty("families")[0].GetString().ShouldBe("registry");
        lines[1].GetProperty("operations").GetInt32().ShouldBe(3);
        lines[1].TryGetProperty("reason", out _).ShouldBeFalse();
    }

    [Fact]
    public void Add_BeyondTheLineLimit_CountsTheRestAsTruncated()
    {
        var builder = new RestoreReportBuilder("big");
        for (var i = 0; i < RestoreReportBuilder.MaxObjectLines + 7; i++)
        {
            builder.Add(Entry("ConfigMap", "shop", $"cm-{i}", ReportDecision.Unchanged));
        }

        builder.Objects.ShouldBe(RestoreReportBuilder.MaxObjectLines + 7);
        builder.ObjectLines().Count(c => c == '\n').ShouldBe(RestoreReportBuilder.MaxObjectLines);
        builder.Summary.Truncated.ShouldBe(7);
    }

    [Fact]
    public void Add_LongNamesAndReasons_StayWithinTheByteBudget()
    {
        // 5,000 lines of 253-character names and long reasons would not fit a ConfigMap (1 MiB).
        var builder = new RestoreReportBuilder("big");
        var reason = new string('r', 600);
        for (var i = 0; i < RestoreReportBuilder.MaxObjectLines; i++)
        {
            builder.Add(Entry("Pod", "shop", $"{i:D5}{new string('n', 248)}", ReportDecision.Skipped) with { SkipCode = "managed-pod", Reason = reason });
        }

        var bytes = System.Text.Encoding.UTF8.GetByteCount(builder.ObjectLines());
        bytes.ShouldBeLessThanOrEqualTo(RestoreReportBuilder.MaxObjectBytes);
        builder.Summary.Truncated.ShouldBeGreaterThan(0);
        (builder.ObjectLines().Count(c => c == '\n') + builder.Summary.Truncated).ShouldBe(RestoreReportBuilder.MaxObjectLines);
    }

    [Fact]
    public void AddWarning_BeyondTheDistinctTextLimit_CountsTheRestAsOmitted()
    {
        var summary = new RestoreSummary("nightly");
        for (var i = 0; i < RestoreSummary.MaxWarningTexts + 3; i++)
        {
            summary.AddWarning($"warning {i}", 2);
        }

        summary.Warnings.Count.ShouldBe(RestoreSummary.MaxWarningTexts);
        summary.WarningsOmitted.ShouldBe(6);
        summary.WarningCount.ShouldBe((RestoreSummary.MaxWarningTexts + 3) * 2);
    }

    [Fact]
    public void SummaryJson_RoundTrip_KeepsEveryCount()
    {
        var builder = new RestoreReportBuilder("nightly");
        builder.Summary.Replicas.Add("x7k2p");
        builder.Summary.AddRules(["unused"]);
        var at = new DateTimeOffset(2026, 12, 2, 5, 0, 0, TimeSpan.Zero);
        builder.Add(Changed("Deployment.apps", "shop", "web", "registry") with { Warnings = ["w1"] }, at);
        builder.Add(Entry("Pod", "shop", "web-1", ReportDecision.Skipped) with { SkipCode = "managed-pod" }, at.AddSeconds(3));

        RestoreSummaryJson.TryRead(builder.SummaryJson(), out var read, out var error).ShouldBeTrue(error);

        read!.Restore.ShouldBe("nightly");
        read.Replicas.ShouldBe(["x7k2p"]);
        read.FirstReview.ShouldBe(at);
        read.LastReview.ShouldBe(at.AddSeconds(3));
        read.Objects.Total.ShouldBe(2);
        read.Kinds["Pod"][ReportDecision.Skipped].ShouldBe(1);
        read.Families["registry"].ShouldBe(1);
        read.SkipReasons["managed-pod"].ShouldBe(1);
        read.Rules["unused"].ShouldBe(0);
        read.Warnings["w1"].ShouldBe(1);
        JsonDocument.Parse(builder.SummaryJson()).RootElement.GetProperty("objects").GetProperty("total").GetInt32().ShouldBe(2);
    }

    [Theory]
    [InlineData("[]", "not a JSON object")]
    [InlineData("{}", "no restore name")]
    [InlineData("""{"restore": "r", "objects": {"changed": -1}}""", "is not a count")]
    [InlineData("""{"restore": "r", "families": []}""", "families is not an object")]
    [InlineData("{", "cannot be read")]
    public void TryRead_BadSummary_SaysWhy(string json, string expected)
    {
        RestoreSummaryJson.TryRead(json, out var summary, out var error).ShouldBeFalse();

        summary.ShouldBeNull();
        error.ShouldContain(expected);
    }

    [Fact]
    public void Merge_TwoReplicas_SumsCountsAndKeepsRulesWithZero()
    {
        var a = new RestoreSummary("nightly");
        a.Replicas.Add("aaaaa");
        a.AddRules(["used", "unused"]);
        a.Count(Changed("Deployment.apps", "shop", "web", "rule:used"));
        var b = new RestoreSummary("nightly");
        b.Replicas.Add("bbbbb");
        b.AddRules(["used", "unused"]);
        b.Count(Changed("Deployment.apps", "shop", "api", "registry"));

        a.Merge(b);

        a.Replicas.ShouldBe(["aaaaa", "bbbbb"]);
        a.Objects[ReportDecision.Changed].ShouldBe(2);
        a.Kinds["Deployment.apps"].Total.ShouldBe(2);
        a.Rules["used"].ShouldBe(1);
        a.RulesWithoutChanges.ShouldBe(["unused"]);
    }

    [Fact]
    public void InEffect_OperatorRuleFamilies_AreNamedOnce()
    {
        var pipeline = new MutationPipeline(new MutationSettings(), [new Named("rule:standby"), new Named("registry"), new Named("rule:standby"), new Named("rule:suspend")]);

        ReportRules.InEffect(pipeline).ShouldBe(["standby", "suspend"]);
        ReportRules.InEffect(RuleCatalog.CreatePipeline(new MutationSettings())).ShouldBeEmpty();
    }

    [Fact]
    public void InEffect_ConfiguredRules_AreListedInFileOrder()
    {
        var loaded = SettingsLoader.Load("""
            rules:
              - {name: standby, match: {kinds: [apps/Deployment]}, patch: [{op: replace, path: /spec/replicas, value: 1}]}
              - {name: suspend, match: {kinds: [batch/CronJob]}, mergePatch: {spec: {suspend: true}}}
            """);
        loaded.Errors.ShouldBeEmpty();

        ReportRules.InEffect(RuleCatalog.CreatePipeline(loaded.Settings!)).ShouldBe(["standby", "suspend"]);
    }

    private static ReportObject Entry(string kind, string ns, string name, ReportDecision decision) =>
        new() { Kind = kind, Namespace = ns, Name = name, Operation = "CREATE", Decision = decision };

    private static ReportObject Changed(string kind, string ns, string name, params string[] families) =>
        Entry(kind, ns, name, ReportDecision.Changed) with { Families = families, Operations = 1 };

    private sealed class Named(string family) : IMutationRule
    {
        public string Family => family;

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context)
        {
        }
    }
}
