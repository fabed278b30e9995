using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

public class JsonMergePatchTests
{
    // The examples of RFC 7386 appendix A.
    [Theory]
    [InlineData("""{"a":"b"}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"b":"c"}""", """{"a":"b","b":"c"}""")]
    [InlineData("""{"a":"b"}""", """{"a":null}""", """{}""")]
    [InlineData("""{"a":"b","b":"c"}""", """{"a":null}""", """{"b":"c"}""")]
    [InlineData("""{"a":["b"]}""", """{"a":"c"}""", """{"a":"c"}""")]
    [InlineData("""{"a":"c"}""", """{"a":["b"]}""", """{"a":["b"]}""")]
    [InlineData("""{"a":{"b":"c"}}""", """{"a":{"b":"d","c":null}}""", """{"a":{"b":"d"}}""")]
    [InlineData("""{"a":[{"b":"c"}]}""", """{"a":[1]}""", """{"a":[1]}""")]
    [InlineData("""{"e":null}""", """{"a":1}""", """{"e":null,"a":1}""")]
    [InlineData("""{}""", """{"a":{"bb":{"ccc":null}}}""", """{"a":{"bb":{}}}""")]
    public void Apply_Rfc7386Examples(string target, string patch, string expected)
    {
        var result = JsonMergePatch.Apply(JsonNode.Parse(target), JsonNode.Parse(patch));

        JsonNode.DeepEquals(result, JsonNode.Parse(expected)).ShouldBeTrue(result?.ToJsonString());
    }

    [Fact]
    public void Apply_DoesNotShareThePatchValues()
    {
        var patch = JsonNode.Parse("""{"a":{"b":[1]}}""")!;
        var first = JsonMergePatch.Apply(new JsonObject(), patch)!;
        first["a"]!["b"]!.AsArray().Add(2);

        patch.ToJsonString().ShouldBe("""{"a":{"b":[1]}}""");
    }
}
