using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules.OperatorRules;
using RestoreMutator.Transforms.Rules.OperatorRules.Velero;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Configuration;

/// <summary>U5: Velero resource-modifier files named by <c>resourceModifiers</c>, read at load.</summary>
public class ResourceModifiersReaderTests
{
    private const string Rule = """
        version: v1
        resourceModifierRules:
          - conditions:
              groupResource: deployments.apps
            patches:
              - {operation: replace, path: /spec/replicas, value: "1"}
        """;

    private static SettingsLoadResult Load(string config, params (string Path, string Text)[] files)
    {
        var byPath = files.ToDictionary(f => f.Path, f => f.Text, StringComparer.Ordinal);
        return TestSettings.Load(config, (string path, out string text, out string error) =>
        {
            var found = byPath.TryGetValue(path, out var content);
            text = content ?? string.Empty;
            error = found ? string.Empty : "no such file";
            return found;
        });
    }

    private static string OneError(string file) =>
        Load("resourceModifiers: [m.yaml]\n", ("m.yaml", file)).Errors.ShouldHaveSingleItem();

    [Fact]
    public void Load_RulesAndFiles_NamedByFileAndIndexAfterTheRules()
    {
        var result = Load("""
            rules:
              - {name: first, mergePatch: {metadata: {labels: {a: b}}}}
            resourceModifiers: [dr/standby.yaml, Web_Tier.yml]
            """, ("dr/standby.yaml", Rule + "\n" + Rule[Rule.IndexOf("  - conditions", StringComparison.Ordinal)..]), ("Web_Tier.yml", Rule));

        result.Errors.ShouldBeEmpty();
        result.Settings!.Rules.Select(r => r.Name).ShouldBe(["first", "modifier-standby-0", "modifier-standby-1", "modifier-web-tier-0"]);
        var rule = result.Settings.Rules[1];
        rule.Match.Kinds.ShouldHaveSingleItem().ToString().ShouldBe("apps/Deployment");
        rule.Patch.ShouldHaveSingleItem().Value!.ToJsonString().ShouldBe("1");
        rule.ConditionGroup.ShouldNotBe(result.Settings.Rules[3].ConditionGroup);
        rule.ConditionGroup.ShouldBe(result.Settings.Rules[2].ConditionGroup);
    }

    [Fact]
    public void Load_StrategicPatches_RefusedWithTheReason()
    {
        var error = OneError("""
            version: v1
            resourceModifierRules:
              - conditions: {groupResource: deployments.apps}
                strategicPatches:
                  - patchData: '{"spec": {"template": {"spec": {"containers": [{"name": "app", "image": "x"}]}}}}'
            """);

        error.ShouldStartWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].strategicPatches");
        error.ShouldContain("needs the API schemas");
    }

    [Theory]
    [InlineData("version: v2\nresourceModifierRules: []\n", "resourceModifiers[0] (m.yaml).version: must be v1, got 'v2'")]
    [InlineData("resourceModifierRules:\n  - conditions: {groupResource: pods}\n    patches: [{operation: remove, path: /a}]\n", "resourceModifiers[0] (m.yaml).version: is required (v1)")]
    [InlineData("version: v1\n", "resourceModifiers[0] (m.yaml).resourceModifierRules: is required (a non-empty list of rules)")]
    public void Load_BadVersionOrNoRules_Listed(string file, string expected) =>
        Load("resourceModifiers: [m.yaml]\n", ("m.yaml", file)).Errors.ShouldContain(expected);

    [Theory]
    [InlineData("widgets.example.com", "is not a resource this webhook knows")]
    [InlineData("persistentvolumeclaims.storage.k8s.io", "is not a resource this webhook knows")]
    [InlineData("*.*.k8s.io", "the wildcards supported are *, *.GROUP and *.*")]
    [InlineData("", "is required")]
    public void Load_UnknownOrUnsupportedGroupResource_IsAnError(string groupResource, string expected)
    {
        var error = OneError(Rule.Replace("deployments.apps", $"'{groupResource}'", StringComparison.Ordinal));

        error.ShouldStartWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].conditions.groupResource");
        error.ShouldContain(expected);
    }

    [Theory]
    [InlineData("*", "", "*")]
    [InlineData("*.apps", "apps", "*")]
    [InlineData("*.*", "*", "*")]
    [InlineData("pods", "", "Pod")]
    [InlineData("routes.route.openshift.io", "route.openshift.io", "Route")]
    [InlineData("networkpolicies.networking.k8s.io", "networking.k8s.io", "NetworkPolicy")]
    [InlineData("deploymentconfigs.apps.openshift.io", "apps.openshift.io", "DeploymentConfig")]
    [InlineData("restores.velero.io", "velero.io", "Restore")]
    public void Load_GroupResource_BecomesKindPattern(string groupResource, string group, string kind)
    {
        var result = Load("resourceModifiers: [m.yaml]\n", ("m.yaml", Rule.Replace("deployments.apps", $"'{groupResource}'", StringComparison.Ordinal)));

        result.Errors.ShouldBeEmpty();
        result.Settings!.Rules.ShouldHaveSingleItem().Match.Kinds.ShouldHaveSingleItem().ShouldBe(new KindPattern(group, kind));
    }

    [Fact]
    public void Load_EveryProblemOfAFile_ListedWithPath()
    {
        var errors = Load("resourceModifiers: [m.yaml]\n", ("m.yaml", """
            version: v1
            extra: 1
            resourceModifierRules:
              - conditions:
                  groupResource: pods
                  resourceNameRegex: "web-("
                  namespaces: ["team-*"]
                  colour: blue
                patches:
                  - {operation: rename, path: /a}
                  - {operation: add, path: spec, value: x}
              - conditions: {groupResource: pods}
                patches: [{operation: remove, path: /a}]
                mergePatches: [{patchData: '{"a": null}'}]
              - conditions: {groupResource: pods}
            """)).Errors;

        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).extra", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].conditions.resourceNameRegex", StringComparison.Ordinal) && e.Contains("not a valid regex", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].conditions.namespaces", StringComparison.Ordinal) && e.Contains("exact source namespace names", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].conditions.colour", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].patches[0].operation", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[0].patches[1].path", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[1]", StringComparison.Ordinal) && e.Contains("not both", StringComparison.Ordinal));
        errors.ShouldContain(e => e.StartsWith("resourceModifiers[0] (m.yaml).resourceModifierRules[2]", StringComparison.Ordinal) && e.Contains("does nothing", StringComparison.Ordinal));
    }

    [Fact]
    public void Load_MissingFileOrNoConfigFile_IsAnError()
    {
        Load("resourceModifiers: [gone.yaml]\n").Errors.ShouldBe(["resourceModifiers[0]: 'gone.yaml' cannot be read: no such file"]);
        TestSettings.Load("resourceModifiers: [m.yaml]\n").Errors.ShouldHaveSingleItem().ShouldContain("no file to resolve it against");
        OneError("version: [v1").ShouldStartWith("resourceModifiers[0]: 'm.yaml' is not valid YAML");
    }

    [Fact]
    public void Load_NameTakenByARule_IsAnError()
    {
        var result = Load("rules:\n  - {name: modifier-m-0, mergePatch: {a: 1}}\nresourceModifiers: [m.yaml]\n", ("m.yaml", Rule));

        result.Errors.ShouldHaveSingleItem().ShouldContain("becomes rule modifier-m-0, a name an earlier rule or file already has");
    }

    [Fact]
    public void Load_SeveralMergePatches_FoldIntoOneOrRefuseAConflict()
    {
        var merged = Load("resourceModifiers: [m.yaml]\n", ("m.yaml", """
            version: v1
            resourceModifierRules:
              - conditions: {groupResource: pods}
                mergePatches:
                  - patchData: '{"metadata": {"annotations": {"a": "1", "b": "1"}}}'
                  - patchData: |
                      metadata: {annotations: {b: null}, labels: {c: d}}
            """)).Settings!.Rules.ShouldHaveSingleItem();
        merged.MergePatch!.ToJsonString().ShouldBe("""{"metadata":{"annotations":{"a":"1","b":null},"labels":{"c":"d"}}}""");

        OneError("""
            version: v1
            resourceModifierRules:
              - conditions: {groupResource: pods}
                mergePatches:
                  - patchData: '{"metadata": {"annotations": null}}'
                  - patchData: '{"metadata": {"annotations": {"a": "1"}}}'
            """).ShouldContain("mergePatches[1]: merges into /metadata/annotations, which an earlier patch removes");
    }

    [Fact]
    public void Load_AppendWithoutGuard_RefusedAsNotIdempotent() =>
        OneError("""
            version: v1
            resourceModifierRules:
              - conditions: {groupResource: pods}
                patches:
                  - {operation: add, path: /spec/tolerations/-, value: '{"key": "dr", "operator": "Exists"}'}
            """).ShouldContain("rule modifier-m-0 is not idempotent");

    [Theory]
    [InlineData("\"3\"", "\"3\"")]
    [InlineData("3", "3")]
    [InlineData("-1.5", "-1.5")]
    [InlineData("true", "true")]
    [InlineData("false", "false")]
    [InlineData("null", "null")]
    [InlineData("{\"a\": [1]}", "{\"a\":[1]}")]
    [InlineData("[\"x\"]", "[\"x\"]")]
    [InlineData("premium", "\"premium\"")]
    [InlineData("3rd", "\"3rd\"")]
    [InlineData("", "\"\"")]
    [InlineData("say \"hi\"", "\"say \\u0022hi\\u0022\"")]
    public void VeleroValue_TypesTextAsVeleroDoes(string text, string json)
    {
        VeleroValue.TryParse(text, out var value, out var error).ShouldBeTrue(error);
        (value?.ToJsonString() ?? "null").ShouldBe(json);
    }

    [Fact]
    public void VeleroValue_BrokenJson_IsAnError()
    {
        VeleroValue.TryParse("{not json", out _, out var error).ShouldBeFalse();
        error.ShouldContain("reads as JSON");
    }
}
