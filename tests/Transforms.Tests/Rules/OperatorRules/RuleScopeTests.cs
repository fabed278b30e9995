using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

public class RuleScopeTests
{
    private const string Document = """
        {"metadata":{"name":"web","labels":{"a":"1","b":"2","c":"3"},"annotations":{"big":"x"}},
         "spec":{"replicas":3,"containers":[{"name":"app","env":[{"name":"DB","value":"db.old"}]},{"name":"side"}]}}
        """;

    [Theory]
    [InlineData("spec/containers/1/image", true)]
    [InlineData("spec/containers/0", true)]
    [InlineData("spec/containers/-", true)]
    [InlineData("spec/containers/*/env", true)]
    [InlineData("spec/containers", true)]
    [InlineData("spec/containers/x/image", false)]
    [InlineData("spec/initContainers/1/image", false)]
    [InlineData("metadata/labels", false)]
    public void Overlaps_ArrayPositionsAreAllAlike(string pattern, bool expected)
    {
        // A rule that removed container 0 moved every later container: a later rule's condition
        // on container 1 must not read the request as it was.
        var touched = new TouchedPaths();
        touched.Add(["spec", "containers", "0"]);

        touched.Overlaps(pattern.Split('/')).ShouldBe(expected);
    }

    [Fact]
    public void Of_CutsPathsAtTheFirstWildcard_KeepsMoveSources_SkipsTests()
    {
        var rule = new OperatorRule
        {
            Name = "r",
            Patch =
            [
                Op(RuleOperationKind.Test, "/spec/replicas", 3),
                Op(RuleOperationKind.Move, "/spec/paused", from: "/spec/old"),
            ],
            MergePatch = JsonNode.Parse("""{"metadata":{"labels":{"x":"y"},"annotations":{}}}""")!.AsObject(),
            Replace = [new RegexReplacement(Pointer("/spec/containers/*/env/*/value"), new System.Text.RegularExpressions.Regex("old"), "new")],
        };

        RuleScope.Of(rule).Select(RulePointer.Format).ShouldBe(["/spec/paused", "/spec/old", "/metadata/labels/x", "/metadata/annotations", "/spec/containers"]);
    }

    [Theory]
    // Removed, replaced and added members, an array element and a created parent are all put back in member order.
    [InlineData("remove:/metadata/labels/a", "add:/metadata/labels/z", "replace:/spec/containers/0/name", "add:/spec/containers/0", "add:/metadata/labels/a")]
    [InlineData("remove:/metadata/labels", "add:/metadata/labels", "add:/status")]
    [InlineData("merge:/metadata/annotations/new/deep", "merge:/spec/replicas")]
    public void Restore_PutsTheDocumentBackExactly(params string[] changes)
    {
        var document = JsonNode.Parse(Document)!;
        var original = document.ToJsonString();
        var rule = RuleOf(changes);
        var snapshot = RuleSnapshot.Take(document, RuleScope.Of(rule)).ShouldNotBeNull();

        OperatorRuleEngine.Apply(rule, document, out var changed, out var failure).ShouldBe(RuleOutcome.Applied, failure);
        changed.ShouldBeTrue();
        document.ToJsonString().ShouldNotBe(original);

        snapshot.Restore();
        document.ToJsonString().ShouldBe(original);
    }

    [Fact]
    public void Take_WholeDocumentPath_GivesNoSnapshot()
    {
        var rule = new OperatorRule { Name = "r", Replace = [new RegexReplacement(Pointer("/*/name"), new System.Text.RegularExpressions.Regex("a"), "b")] };

        RuleScope.Of(rule).ShouldHaveSingleItem().ShouldBeEmpty();
        RuleSnapshot.Take(JsonNode.Parse(Document)!, RuleScope.Of(rule)).ShouldBeNull();
    }

    [Theory]
    [InlineData("remove:/metadata/labels/b", "add:/metadata/labels/z", "replace:/spec/containers/1/name")]
    [InlineData("remove:/spec/containers/0", "add:/spec/containers/-")]
    [InlineData("merge:/metadata/annotations/new/deep", "merge:/status/phase", "remove:/metadata/labels")]
    [InlineData("replace:/spec/replicas", "add:/metadata/labels/c")]
    public void TouchedDiff_GivesTheSameOperationsAsTheFullDiff(params string[] changes)
    {
        var before = JsonNode.Parse(Document)!;
        var after = before.DeepClone();
        var rule = RuleOf(changes);
        OperatorRuleEngine.Apply(rule, after, out _, out var failure).ShouldBe(RuleOutcome.Applied, failure);
        var touched = new TouchedPaths();
        foreach (var scope in RuleScope.Of(rule))
        {
            touched.Add(scope);
        }

        var full = JsonDiff.Diff(before, after);
        var partial = JsonDiff.Diff(before, after, touched);
        using var request = System.Text.Json.JsonDocument.Parse(Document);
        var fromRequest = JsonDiff.Diff(request.RootElement, after, touched);

        full.ShouldNotBeEmpty();
        Text(partial).ShouldBe(Text(full));
        Text(fromRequest).ShouldBe(Text(full));
    }

    [Fact]
    public void TouchedDiff_FromRequest_LargeMapsAgreeWithTheTree()
    {
        // Past 32 members an object before is read as a node rather than scanned per member.
        var labels = string.Join(',', Enumerable.Range(0, 40).Select(i => $"\"k{i}\":\"v{i}\""));
        var text = "{\"metadata\":{\"labels\":{" + labels + "}}}";
        var before = JsonNode.Parse(text)!;
        var after = before.DeepClone();
        after["metadata"]!["labels"]!.AsObject().Remove("k3");
        after["metadata"]!["labels"]!["k7"] = "changed";
        after["metadata"]!["labels"]!["new"] = "x";
        var touched = new TouchedPaths();
        touched.Add(["metadata", "labels"]);
        using var request = System.Text.Json.JsonDocument.Parse(text);

        Text(JsonDiff.Diff(request.RootElement, after, touched)).ShouldBe(Text(JsonDiff.Diff(before, after)));
    }

    [Fact]
    public void TouchedDiff_SkipsChangesOffThePaths()
    {
        // Shows the paths are what the diff walks: a change no path covers is not reported.
        var before = JsonNode.Parse(Document)!;
        var after = before.DeepClone();
        after["spec"]!["replicas"] = 1;
        after["metadata"]!["labels"]!["a"] = "9";
        var touched = new TouchedPaths();
        touched.Add(["metadata", "labels"]);

        Text(JsonDiff.Diff(before, after, touched)).ShouldBe("""[{"op":"replace","path":"/metadata/labels/a","value":"9"}]""");
    }

    /// <summary>"kind:/path" entries: patch operations with a fixed value, or merge patch leaves.</summary>
    private static OperatorRule RuleOf(string[] changes)
    {
        var patch = new List<RuleOperation>();
        JsonObject? merge = null;
        foreach (var change in changes)
        {
            var (kind, path) = (change[..change.IndexOf(':')], change[(change.IndexOf(':') + 1)..]);
            if (kind == "merge")
            {
                merge ??= [];
                var node = merge;
                var tokens = Pointer(path).Tokens;
                for (var i = 0; i < tokens.Count - 1; i++)
                {
                    if (node[tokens[i]] is not JsonObject next)
                    {
                        next = [];
                        node[tokens[i]] = next;
                    }

                    node = next;
                }

                node[tokens[^1]] = "merged";
                continue;
            }

            patch.Add(Op(Enum.Parse<RuleOperationKind>(kind, ignoreCase: true), path, kind == "add" ? new JsonObject { ["n"] = "added" } : "changed"));
        }

        return new OperatorRule { Name = "r", Patch = patch, MergePatch = merge };
    }

    private static RuleOperation Op(RuleOperationKind kind, string path, JsonNode? value = null, string? from = null) =>
        new(kind, Pointer(path), from is null ? null : Pointer(from), value);

    private static string Text(IReadOnlyList<PatchOperation> operations) =>
        System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize(operations));

    private static RulePointer Pointer(string text) =>
        RulePointer.TryParse(text, out var pointer, out var error) ? pointer : throw new ArgumentException(error);
}
