using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

/// <summary>The rules README "Writing rules" shows load as written, so the documentation cannot drift from the reader.</summary>
public partial class ReadmeRulesTests
{
    [Fact]
    public void Readme_WorkedExamples_LoadWithoutErrors()
    {
        var readme = File.ReadAllText(Path.Combine(FixtureCase.Root, "..", "..", "..", "README.md"));
        var start = readme.IndexOf("## Writing rules", StringComparison.Ordinal);
        var end = readme.IndexOf("### Differences from Velero", start, StringComparison.Ordinal);
        start.ShouldBeGreaterThan(0);
        var section = readme[start..end];

        var blocks = YamlBlock().Matches(section).Select(m => m.Groups[1].Value).ToList();
        var ruleBlocks = blocks.Where(b => b.StartsWith("  - name:", StringComparison.Ordinal)).ToList();
        ruleBlocks.Count.ShouldBeGreaterThanOrEqualTo(5);
        var full = blocks.Single(b => b.StartsWith("rules:", StringComparison.Ordinal));

        TestSettings.Load(full).Errors.ShouldBeEmpty();
        var loaded = TestSettings.Load("rules:\n" + string.Concat(ruleBlocks));
        loaded.Errors.ShouldBeEmpty();
        loaded.Settings!.Rules.Select(r => r.Name).ShouldBe(["standby-replicas", "suspend-cronjobs", "db-host", "dr-toleration", "web-replicas"]);
    }

    [Fact]
    public void Readme_VeleroModifierExample_LoadsThroughResourceModifiers()
    {
        var readme = File.ReadAllText(Path.Combine(FixtureCase.Root, "..", "..", "..", "README.md"));
        var start = readme.IndexOf("## Writing rules", StringComparison.Ordinal);
        var blocks = YamlBlock().Matches(readme[start..]).Select(m => m.Groups[1].Value).ToList();
        var config = blocks.First(b => b.StartsWith("resourceModifiers:", StringComparison.Ordinal));
        var file = blocks.First(b => b.StartsWith("version: v1", StringComparison.Ordinal));

        var loaded = TestSettings.Load(config, (string path, out string text, out string error) =>
        {
            path.ShouldBe("velero/web-standby.yaml");
            text = file;
            error = string.Empty;
            return true;
        });

        loaded.Errors.ShouldBeEmpty();
        loaded.Settings!.Rules.ShouldHaveSingleItem().Name.ShouldBe("modifier-web-standby-0");
    }

    [GeneratedRegex("```yaml\n(.*?)```", RegexOptions.Singleline)]
    private static partial Regex YamlBlock();
}
