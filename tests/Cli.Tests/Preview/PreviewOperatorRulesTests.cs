using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>
/// Operator rules (U) offline: per object the rules that changed it, in the summary every rule
/// with its count (a rule that changed nothing stands out), and <c>--restore</c> for <c>restores:</c> globs.
/// </summary>
public sealed class PreviewOperatorRulesTests : IDisposable
{
    private const string Config = """
        lookups: off
        rules:
          - name: standby-replicas
            match: {kinds: [apps/Deployment], restores: ["dr-*"]}
            patch:
              - {op: replace, path: /spec/replicas, value: 0}
          - name: suspend-cronjobs
            match: {kinds: [batch/CronJob]}
            mergePatch: {spec: {suspend: true}}
        """;

    private const string Manifests = """
        apiVersion: apps/v1
        kind: Deployment
        metadata: {name: web, namespace: shop}
        spec:
          replicas: 3
          template:
            spec:
              containers: [{name: web, image: registry.example.com/web:1}]
        """;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Preview_RestoreMatchingTheGlob_AppliesTheRuleAndNamesIt()
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", "--restore", "dr-20261120", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var record = run.Records.ShouldHaveSingleItem();
        ((string?)record["decision"]).ShouldBe("changed");
        record["rules"]!.AsArray().Select(r => (string?)r).ShouldBe(["standby-replicas"]);
        record["families"]!.AsArray().Select(r => (string?)r).ShouldBe(["rule:standby-replicas"]);
    }

    [Fact]
    public async Task Preview_DefaultRestoreName_DoesNotMatchTheGlob()
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var record = run.Records.ShouldHaveSingleItem();
        ((string?)record["decision"]).ShouldBe("unchanged");
        record["rules"]!.AsArray().ShouldBeEmpty();
    }

    [Fact]
    public async Task Preview_TextSummary_CountsEveryRuleAndNamesUnusedOnes()
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--restore", "dr-1", file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Output.ShouldContain("  rules: standby-replicas");
        run.Output.ShouldContain("operator rules");
        run.Output.ShouldMatch(@"standby-replicas\s*│\s*1");
        run.Output.ShouldMatch(@"suspend-cronjobs\s*│\s*0");
        run.Output.ShouldContain("rules that changed no object: suspend-cronjobs");
    }

    [Theory]
    [InlineData("")]
    [InlineData("-dr")]
    [InlineData("dr/1")]
    public async Task Preview_InvalidRestoreName_IsAnError(string name)
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "--restore", name, file);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("--restore '");
        run.Error.ShouldContain("must be a restore label value");
    }

    [Fact]
    public async Task Preview_ResourceModifiers_ReadRelativeToTheConfigAndNamedPerRule()
    {
        var config = _tree.Write("etc/config.yaml", "lookups: off\nresourceModifiers: [velero/standby.yaml]\n");
        _tree.Write("etc/velero/standby.yaml", """
            version: v1
            resourceModifierRules:
              - conditions:
                  groupResource: deployments.apps
                  resourceNameRegex: "^web$"
                patches:
                  - {operation: replace, path: /spec/replicas, value: "0"}
            """);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var record = run.Records.ShouldHaveSingleItem();
        ((string?)record["decision"]).ShouldBe("changed");
        record["rules"]!.AsArray().Select(r => (string?)r).ShouldBe(["modifier-standby-0"]);
    }

    [Fact]
    public async Task Preview_ResourceModifierFileMissing_ExitsTwoNamingIt()
    {
        var config = _tree.Write("etc/config.yaml", "lookups: off\nresourceModifiers: [velero/gone.yaml]\n");
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, file);

        run.ExitCode.ShouldBe(2);
        run.Error.ShouldContain("resourceModifiers[0]: 'velero/gone.yaml' cannot be read: no such file");
    }
}
