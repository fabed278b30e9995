using System.Text.Json.Nodes;
using RestoreMutator.Cli.Tests.Preview;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Reports;

/// <summary><c>preview --report</c> (SPEC X3): the report table of an offline run, text and JSON.</summary>
public sealed class PreviewReportTests : IDisposable
{
    private const string Config = """
        lookups: off
        registry:
          rewrites: [{from: quay.io/acme, to: mirror.example.com/acme}]
        """;

    private readonly TempTree _files = new();

    public void Dispose() => _files.Dispose();

    [Fact]
    public async Task PreviewReport_Text_PrintsTheReportTableWithSkippedObjects()
    {
        var (config, input) = Inputs();

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--report", input);

        run.ExitCode.ShouldBe(0, run.Error);
        var report = run.Output[run.Output.IndexOf("restore report (offline preview)", StringComparison.Ordinal)..];
        ReportCommandTests.Row(report, "Deployment.apps").ShouldBe(["1", "0", "0", "0", "1"]);
        ReportCommandTests.Row(report, "Pod").ShouldBe(["0", "0", "1", "0", "1"]);
        report.ShouldContain("Pod shop/web-7c9d6f-abcde: ");
        report.ShouldContain("(managed-pod)");
        report.ShouldContain("no operator rules in effect");
    }

    [Fact]
    public async Task PreviewReport_Json_EndsWithOneReportRecord()
    {
        var (config, input) = Inputs();

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--report", "--output", "json", input);

        run.ExitCode.ShouldBe(0, run.Error);
        var lines = run.Output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        lines.Length.ShouldBe(3);
        var report = JsonNode.Parse(lines[^1])!["report"]!;
        ((int)report["summary"]!["objects"]!["total"]!).ShouldBe(2);
        ((int)report["summary"]!["skipReasons"]!["managed-pod"]!).ShouldBe(1);
        ((string?)report["skipped"]![0]!["name"]).ShouldBe("web-7c9d6f-abcde");
    }

    [Fact]
    public async Task Preview_WithoutReport_PrintsNoReport()
    {
        var (config, input) = Inputs();

        var run = await PreviewCli.RunAsync("preview", "--config", config, input);

        run.Output.ShouldNotContain("restore report (offline preview)");
    }

    private (string Config, string Input) Inputs()
    {
        var config = _files.Write("config.yaml", Config);
        var input = _files.Write("objects.yaml", """
            apiVersion: apps/v1
            kind: Deployment
            metadata: {name: web, namespace: shop}
            spec: {template: {spec: {containers: [{name: web, image: quay.io/acme/web:1}]}}}
            ---
            apiVersion: v1
            kind: Pod
            metadata:
              name: web-7c9d6f-abcde
              namespace: shop
              labels: {app: web, pod-template-hash: 7c9d6f}
            spec: {containers: [{name: web, image: quay.io/acme/web:1}]}
            """);
        return (config, input);
    }
}
