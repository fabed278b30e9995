using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Cli.Preview;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class PatchApplierTests
{
    private static readonly JsonNode Document = JsonNode.Parse("""{"metadata":{"annotations":{"a/b":"1"}},"spec":{"list":["x","y"]}}""")!;

    [Fact]
    public void Apply_Operations_ChangeACopyLikeTheApiServer()
    {
        var patched = PatchApplier.Apply(Document,
        [
            new(PatchOperationKind.Replace, "/metadata/annotations/a~1b", JsonValue.Create("2")),
            new(PatchOperationKind.Add, "/metadata/labels", new JsonObject()),
            new(PatchOperationKind.Add, "/metadata/labels/k~0x", JsonValue.Create("v")),
            new(PatchOperationKind.Remove, "/spec/list/0", null),
            new(PatchOperationKind.Add, "/spec/list/-", JsonValue.Create("z")),
            new(PatchOperationKind.Add, "/spec/list/0", JsonValue.Create("w")),
        ]);

        patched.ToJsonString().ShouldBe("""{"metadata":{"annotations":{"a/b":"2"},"labels":{"k~x":"v"}},"spec":{"list":["w","y","z"]}}""");
        Document.ToJsonString().ShouldBe("""{"metadata":{"annotations":{"a/b":"1"}},"spec":{"list":["x","y"]}}""");
    }

    [Fact]
    public void Apply_Replace_KeepsMemberAndItemPositions()
    {
        var document = JsonNode.Parse("""{"c":{"name":"web","image":"old","ports":[1]},"list":["a","b","c"]}""")!;

        var patched = PatchApplier.Apply(document,
        [
            new(PatchOperationKind.Replace, "/c/image", JsonValue.Create("new")),
            new(PatchOperationKind.Replace, "/list/1", JsonValue.Create("B")),
        ]);

        patched.ToJsonString().ShouldBe("""{"c":{"name":"web","image":"new","ports":[1]},"list":["a","B","c"]}""");
    }

    [Theory]
    [InlineData(PatchOperationKind.Remove, "/metadata/labels")]
    [InlineData(PatchOperationKind.Replace, "/spec/missing")]
    [InlineData(PatchOperationKind.Add, "/metadata/labels/x")]
    [InlineData(PatchOperationKind.Add, "/spec/list/3")]
    [InlineData(PatchOperationKind.Remove, "/spec/list/01")]
    [InlineData(PatchOperationKind.Remove, "")]
    public void Apply_OperationTheApiServerRejects_Throws(PatchOperationKind kind, string path)
    {
        Should.Throw<InvalidOperationException>(() => PatchApplier.Apply(Document, [new(kind, path, JsonValue.Create("v"))]));
    }
}
