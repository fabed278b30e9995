using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Cli.Tests.Preview;
using RestoreMutator.Transforms.Reports;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Reports;

/// <summary>
/// <c>report RESTORE</c> (SPEC X3) against a fake HTTPS API server holding two replicas' report
/// ConfigMaps as the webhook writes them: merged text and JSON, exit 1 without a report.
/// </summary>
public sealed class ReportCommandTests : IAsyncLifetime
{
    private const string ConfigMaps = "/api/v1/namespaces/openshift-adp/configmaps";
    private FakeKubernetesApi _api = null!;
    private TempTree _files = null!;
    private string _kubeconfig = null!;

    public async ValueTask InitializeAsync()
    {
        _api = await FakeKubernetesApi.StartAsync();
        _files = new TempTree();
        _kubeconfig = _api.WriteKubeconfig(_files.Root);
    }

    public async ValueTask DisposeAsync()
    {
        _files.Dispose();
        await _api.DisposeAsync();
    }

    [Fact]
    public async Task Report_TwoReplicas_PrintsTheMergedTableSkipsIdleRulesAndWarnings()
    {
        ServeTwoReplicas();

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--namespace", "openshift-adp");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldBeEmpty();
        run.Output.ShouldContain("restore nightly: 2 replicas (abcde, fghij)");
        Row(run.Output, "Deployment.apps").ShouldBe(["2", "0", "0", "0", "2"]);
        Row(run.Output, "Pod").ShouldBe(["0", "0", "1", "0", "1"]);
        Row(run.Output, "total").ShouldBe(["2", "1", "1", "0", "4"]);
        run.Output.ShouldContain("Pod shop/web-6d4cf56db6-x2x9q: managed by ReplicaSet web-6d4cf56db6 (label pod-template-hash) (managed-pod)");
        run.Output.ShouldContain("operator rules that changed nothing\n  suspend-cronjobs\n");
        run.Output.ShouldContain("3 x restore-mutator: storage class fast not found in the destination");
    }

    [Fact]
    public async Task Report_OutputJson_IsTheMergedReportInItsDocumentedLayout()
    {
        ServeTwoReplicas();

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "-n", "openshift-adp", "--output", "json");

        run.ExitCode.ShouldBe(0, run.Error);
        var json = JsonNode.Parse(run.Output)!;
        ((string?)json["restore"]).ShouldBe("nightly");
        json["sources"]!.AsArray().Select(s => (string?)s).ShouldBe(["restore-mutator-report-nightly-abcde", "restore-mutator-report-nightly-fghij"]);
        var summary = json["summary"]!;
        summary["replicas"]!.AsArray().Select(s => (string?)s).ShouldBe(["abcde", "fghij"]);
        ((int)summary["objects"]!["total"]!).ShouldBe(4);
        ((int)summary["rules"]!["standby-replicas"]!).ShouldBe(1);
        ((int)summary["rules"]!["suspend-cronjobs"]!).ShouldBe(0);
        ((int)summary["skipReasons"]!["managed-pod"]!).ShouldBe(1);
        var skipped = json["skipped"]!.AsArray().ShouldHaveSingleItem()!;
        ((string?)skipped["reason"]).ShouldBe("managed by ReplicaSet web-6d4cf56db6 (label pod-template-hash)");
        json["rulesWithoutChanges"]!.AsArray().Select(s => (string?)s).ShouldBe(["suspend-cronjobs"]);
        var warning = json["warnings"]!.AsArray().ShouldHaveSingleItem()!;
        ((int)warning["count"]!).ShouldBe(3);
        json["problems"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Report_NoConfigMap_ExitsOneWithAClearLine()
    {
        _api.Json(ConfigMaps, """{"apiVersion": "v1", "kind": "ConfigMapList", "metadata": {}, "items": []}""");

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--namespace", "openshift-adp");

        run.ExitCode.ShouldBe(1);
        run.Output.ShouldBeEmpty();
        run.Error.ShouldStartWith("restore-mutator report: no report for restore nightly in namespace openshift-adp");
        run.Error.Count(c => c == '\n').ShouldBe(1);
    }

    [Fact]
    public async Task Report_NamespaceFromTheConfig_ListsThere()
    {
        ServeTwoReplicas();
        var config = _files.Write("config.yaml", "velero: {namespace: openshift-adp}\nlookups: auto\n");

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--config", config);

        run.ExitCode.ShouldBe(0, run.Error);
        _api.Hits(ConfigMaps).ShouldBe(1);
    }

    [Fact]
    public async Task Report_ConfigAndNamespace_IsAUsageError()
    {
        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--config", "x.yaml", "--namespace", "velero");

        run.ExitCode.ShouldNotBe(0);
        run.Error.ShouldContain("--config and --namespace");
        _api.Hits(ConfigMaps).ShouldBe(0);
    }

    [Fact]
    public async Task Report_Forbidden_SaysSoAndExitsTwo()
    {
        _api.Status(ConfigMaps, 403);

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--namespace", "openshift-adp");

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("403 Forbidden: your credentials may not list ConfigMaps in namespace openshift-adp");
    }

    [Fact]
    public async Task Report_UnreadableSummary_IsNamedAndTheRestStillPrinted()
    {
        var good = Replica("abcde", b => b.Add(Changed("web")));
        _api.Json(ConfigMaps, List(good, ConfigMap("fghij", "{not json", string.Empty)));

        var run = await PreviewCli.RunAsync("report", "nightly", "--kubeconfig", _kubeconfig, "--namespace", "openshift-adp");

        run.ExitCode.ShouldBe(0, run.Error);
        run.Error.ShouldContain("restore-mutator-report-nightly-fghij: summary.json cannot be read");
        Row(run.Output, "total").ShouldBe(["1", "0", "0", "0", "1"]);
    }

    private void ServeTwoReplicas()
    {
        const string warning = "restore-mutator: storage class fast not found in the destination";
        var a = Replica("abcde", builder =>
        {
            builder.Add(Changed("web", "registry", "rule:standby-replicas") with { Warnings = [warning] });
            builder.Add(new ReportObject
            {
                Kind = "Pod", Namespace = "shop", Name = "web-6d4cf56db6-x2x9q", Operation = "CREATE", Decision = ReportDecision.Skipped,
                SkipCode = "managed-pod", Reason = "managed by ReplicaSet web-6d4cf56db6 (label pod-template-hash)", Warnings = [warning],
            });
        });
        var b = Replica("fghij", builder =>
        {
            builder.Add(Changed("api", "registry"));
            builder.Add(new ReportObject { Kind = "Secret", Namespace = "shop", Name = "token", Operation = "CREATE", Decision = ReportDecision.Unchanged, Warnings = [warning] });
        });
        _api.Json(ConfigMaps, List(a, b));
    }

    /// <summary>A replica's ConfigMap as the webhook writes it (the same builder), with the rules in effect.</summary>
    private static JsonObject Replica(string replica, Action<RestoreReportBuilder> fill)
    {
        var builder = new RestoreReportBuilder("nightly");
        builder.Summary.Replicas.Add(replica);
        builder.Summary.AddRules(["standby-replicas", "suspend-cronjobs"]);
        fill(builder);
        return ConfigMap(replica, builder.SummaryJson(), builder.ObjectLines());
    }

    private static JsonObject ConfigMap(string replica, string summary, string objects) => new()
    {
        ["metadata"] = new JsonObject
        {
            ["name"] = $"restore-mutator-report-nightly-{replica}",
            ["namespace"] = "openshift-adp",
            ["labels"] = new JsonObject { ["restore-mutator.io/report-for"] = "nightly", ["app.kubernetes.io/managed-by"] = "restore-mutator" },
        },
        ["data"] = new JsonObject { ["summary.json"] = summary, ["objects.jsonl"] = objects },
    };

    private static string List(params JsonObject[] items) =>
        new JsonObject { ["apiVersion"] = "v1", ["kind"] = "ConfigMapList", ["metadata"] = new JsonObject(), ["items"] = new JsonArray(items) }.ToJsonString();

    private static ReportObject Changed(string name, params string[] families) =>
        new() { Kind = "Deployment.apps", Namespace = "shop", Name = name, Operation = "CREATE", Decision = ReportDecision.Changed, Families = families, Operations = 2 };

    /// <summary>The numbers of the table row that starts with <paramref name="kind"/>.</summary>
    internal static string[] Row(string output, string kind) => output.Split('\n')
        .Select(line => line.Split('│', StringSplitOptions.TrimEntries))
        .First(cells => cells.Length > 2 && cells[1] == kind)[2..^1];
}
