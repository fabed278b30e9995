using System.Text.Json;
using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

/// <summary>K1, P3: the Restore read into facts, and which pods its hooks select.</summary>
public class RestoreFactsReaderTests
{
    private static readonly Dictionary<string, string> Web = new(StringComparer.Ordinal) { ["app"] = "web" };

    [Fact]
    public void Read_Restore_KeepsIdentityMappingAndHooksThatRunSomething()
    {
        var facts = Read("""
            {"apiVersion": "velero.io/v1", "kind": "Restore",
             "metadata": {"name": "nightly", "uid": "8d5c", "annotations": {"restore-mutator.io/profile": "prod"}},
             "spec": {"namespaceMapping": {"shop-old": "shop", "empty": ""},
                      "hooks": {"resources": [
                        {"name": "warm", "includedNamespaces": ["shop-old"], "includedResources": ["pods"], "labelSelector": {"matchLabels": {"app": "web"}},
                         "postHooks": [{"exec": {"command": ["true"]}}]},
                        {"name": "idle", "postHooks": []},
                        {"postHooks": [{"init": {"initContainers": []}}], "labelSelector": {"matchExpressions": [{"key": "a", "operator": "Bogus"}]}}]}}}
            """)!;

        facts.Name.ShouldBe("nightly");
        facts.Uid.ShouldBe("8d5c");
        facts.Annotations["restore-mutator.io/profile"].ShouldBe("prod");
        facts.NamespaceMapping.ShouldBe(new Dictionary<string, string> { ["shop-old"] = "shop" });
        facts.Hooks.Select(h => h.Name).ShouldBe(["warm", "#2"]);
        facts.Hooks[0].IncludedNamespaces.ShouldBe(["shop-old"]);
        // An invalid selector selects every pod (keeping is the safe side).
        facts.Hooks[1].LabelSelector.Matches(new Dictionary<string, string>()).ShouldBeTrue();
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"metadata": {"name": "x"}}""")]
    [InlineData("""{"metadata": {}, "spec": {}}""")]
    [InlineData("[]")]
    public void Read_NotARestore_IsNull(string json) => Read(json).ShouldBeNull();

    [Fact]
    public void Read_NoHooks_HasNone()
    {
        var facts = Read("""{"metadata": {"name": "r"}, "spec": {"hooks": {}}}""")!;

        facts.Hooks.ShouldBeEmpty();
        facts.HookSelecting("shop", Web).ShouldBeNull();
    }

    [Theory]
    [InlineData("""{"includedNamespaces": ["a-old"]}""", "a", true)]
    [InlineData("""{"includedNamespaces": ["b-old"]}""", "a", true)]
    [InlineData("""{"includedNamespaces": ["a"]}""", "a", true)]
    [InlineData("""{"includedNamespaces": ["other"]}""", "a", false)]
    [InlineData("""{"includedNamespaces": [], "excludedNamespaces": ["a", "a-old", "b-old"]}""", "a", false)]
    [InlineData("""{"includedResources": ["*"]}""", "a", true)]
    [InlineData("""{"includedResources": ["po"]}""", "a", true)]
    [InlineData("""{"includedResources": ["Pods"]}""", "a", true)]
    [InlineData("""{"includedResources": ["p*"]}""", "a", true)]
    [InlineData("""{"includedResources": ["deployments"]}""", "a", false)]
    [InlineData("""{"excludedResources": ["pod"]}""", "a", false)]
    [InlineData("""{"excludedResources": ["deployments"]}""", "a", true)]
    [InlineData("""{"labelSelector": {"matchLabels": {"app": "api"}}}""", "a", false)]
    public void HookSelecting_SourceOrTargetNamespaceResourceAndLabels_SelectsAsVelero(string hook, string target, bool selected)
    {
        // Two sources map to one target: either may be the pod's source namespace.
        var entry = hook[..^1] + """, "name": "h", "postHooks": [{"exec": {"command": ["true"]}}]}""";
        var facts = Read("""
            {"metadata": {"name": "r"}, "spec": {"namespaceMapping": {"a-old": "a", "b-old": "a"}, "hooks": {"resources": [ENTRY]}}}
            """.Replace("ENTRY", entry, StringComparison.Ordinal))!;

        (facts.HookSelecting(target, Web) is not null).ShouldBe(selected);
    }

    private static RestoreFacts? Read(string json)
    {
        using var document = JsonDocument.Parse(json);
        return RestoreFactsReader.Read(document.RootElement);
    }
}
