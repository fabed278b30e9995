using System.Text;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Patching;

/// <summary>A string operation is written as a node operation would be, and reads as one.</summary>
public class PatchOperationTests
{
    [Theory]
    [InlineData("quay.io/acme/web:1")]
    [InlineData("")]
    [InlineData("quote \" backslash \\ newline \n é <tag>")]
    public void OfString_WritesAndReadsAsTheNodeForm(string text)
    {
        var asString = PatchOperation.OfString(PatchOperationKind.Replace, "/spec/a~1b", text);
        var asNode = new PatchOperation(PatchOperationKind.Replace, "/spec/a~1b", JsonValue.Create(text));

        Encoding.UTF8.GetString(PatchOperation.Serialize([asString])).ShouldBe(Encoding.UTF8.GetString(PatchOperation.Serialize([asNode])));
        asString.Value!.GetValue<string>().ShouldBe(text);

        // Read once, it stays the same node, and writes the same again.
        asString.Value.ShouldBeSameAs(asString.Value);
        Encoding.UTF8.GetString(PatchOperation.Serialize([asString])).ShouldBe(Encoding.UTF8.GetString(PatchOperation.Serialize([asNode])));
    }

    [Fact]
    public void OfString_WithAnotherValue_WritesThatValue()
    {
        var changed = PatchOperation.OfString(PatchOperationKind.Add, "/metadata/annotations/k", "first") with { Value = JsonValue.Create(2) };

        Encoding.UTF8.GetString(PatchOperation.Serialize([changed])).ShouldBe("""[{"op":"add","path":"/metadata/annotations/k","value":2}]""");
        (changed with { Value = null }).ToString().ShouldBe("""{"op":"add","path":"/metadata/annotations/k","value":null}""");
    }
}
