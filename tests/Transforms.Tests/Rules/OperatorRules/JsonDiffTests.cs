using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

public class JsonDiffTests
{
    [Theory]
    [InlineData("""{"a":1,"b":2}""", """{"a":1,"b":3}""", """[{"op":"replace","path":"/b","value":3}]""")]
    [InlineData("""{"a":1}""", """{"a":1,"b":{"c":[1]}}""", """[{"op":"add","path":"/b","value":{"c":[1]}}]""")]
    [InlineData("""{"a":1,"b":2}""", """{"a":1}""", """[{"op":"remove","path":"/b"}]""")]
    [InlineData("""{"a":{"x/y":1}}""", """{"a":{"x/y":2}}""", """[{"op":"replace","path":"/a/x~1y","value":2}]""")]
    [InlineData("""{"a":{"b":1}}""", """{"a":[1]}""", """[{"op":"replace","path":"/a","value":[1]}]""")]
    // One element out of the middle: one remove, not a replace of every later element.
    [InlineData("""{"l":[{"n":"a"},{"n":"b"},{"n":"c"}]}""", """{"l":[{"n":"a"},{"n":"c"}]}""", """[{"op":"remove","path":"/l/1"}]""")]
    [InlineData("""{"l":[1,2,3]}""", """{"l":[0,1,2,3,4]}""", """[{"op":"add","path":"/l/0","value":0},{"op":"add","path":"/l/4","value":4}]""")]
    // A changed element is changed in place, leaf by leaf.
    [InlineData("""{"l":[{"n":"a","v":1},{"n":"b","v":1}]}""", """{"l":[{"n":"a","v":1},{"n":"b","v":2}]}""", """[{"op":"replace","path":"/l/1/v","value":2}]""")]
    [InlineData("""{"l":[1,2,3,4]}""", """{"l":[4,3,2,1]}""", null)]
    public void Diff_GivesMinimalOperationsThatApply(string before, string after, string? expected)
    {
        var from = JsonNode.Parse(before)!;
        var to = JsonNode.Parse(after)!;

        var operations = JsonDiff.Diff(from, to);

        if (expected is not null)
        {
            JsonNode.Parse(PatchOperation.Serialize(operations))!.ToJsonString().ShouldBe(JsonNode.Parse(expected)!.ToJsonString());
        }

        JsonNode.DeepEquals(PatchApplier.Apply(from, operations), to).ShouldBeTrue();
    }

    [Fact]
    public void Diff_EqualDocuments_GivesNothing()
    {
        JsonDiff.Diff(JsonNode.Parse("""{"a":[1,{"b":null}]}"""), JsonNode.Parse("""{"a":[1,{"b":null}]}""")).ShouldBeEmpty();
    }
}
