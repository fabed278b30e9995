using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Tests.Support;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Patching;

public class PatchBuilderTests
{
    private static (PatchBuilder Builder, JsonNode Input) For(string json)
    {
        var document = JsonDocument.Parse(json);
        return (new PatchBuilder(document.RootElement), JsonNode.Parse(json)!);
    }

    private static string Ops(PatchBuilder builder) => System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize(builder.Operations));

    [Fact]
    public void SetAnnotation_WithoutAnnotationsMap_CreatesMapFirst()
    {
        var (builder, input) = For("""{"metadata":{"name":"a"}}""");
        builder.SetAnnotation("x.io/a", "1");
        builder.SetAnnotation("x.io/b", "2");
        Ops(builder).ShouldBe("""[{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/x.io~1a","value":"1"},{"op":"add","path":"/metadata/annotations/x.io~1b","value":"2"}]""");
        var result = JsonPatchOracle.Apply(input, JsonNode.Parse(Ops(builder))!.AsArray());
        result["metadata"]!["annotations"]!["x.io/b"]!.GetValue<string>().ShouldBe("2");
    }

    [Fact]
    public void SetAnnotation_WithoutMetadata_CreatesEachMissingParent()
    {
        var (builder, input) = For("""{"kind":"Pod"}""");
        builder.SetAnnotation("k", "v");
        Ops(builder).ShouldBe("""[{"op":"add","path":"/metadata","value":{}},{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/k","value":"v"}]""");
        JsonPatchOracle.Apply(input, JsonNode.Parse(Ops(builder))!.AsArray())["metadata"]!["annotations"]!["k"]!.GetValue<string>().ShouldBe("v");
    }

    [Theory]
    // Found by fuzz/ (admission target): a null map or parent was taken for an existing object.
    [InlineData("""{"metadata":{"name":"a","annotations":null}}""", """[{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/k","value":"v"}]""")]
    [InlineData("""{"metadata":null}""", """[{"op":"add","path":"/metadata","value":{}},{"op":"add","path":"/metadata/annotations","value":{}},{"op":"add","path":"/metadata/annotations/k","value":"v"}]""")]
    public void SetAnnotation_NullMapOrParent_AddsObjectOverNull(string json, string expected)
    {
        var (builder, input) = For(json);
        builder.SetAnnotation("k", "v");
        Ops(builder).ShouldBe(expected);
        JsonPatchOracle.Apply(input, JsonNode.Parse(Ops(builder))!.AsArray())["metadata"]!["annotations"]!["k"]!.GetValue<string>().ShouldBe("v");
        // The API server omits null maps (Go decodes them as nil): the same patch applies without the member.
        JsonPatchOracle.Apply(JsonNode.Parse("""{"metadata":{"name":"a"}}""")!, JsonNode.Parse(Ops(builder).Replace("""{"op":"add","path":"/metadata","value":{}},""", "", StringComparison.Ordinal))!.AsArray());
    }

    [Fact]
    public void SetAnnotation_AnnotationsNotAnObject_IsMalformed()
    {
        var (builder, _) = For("""{"metadata":{"annotations":"x"}}""");
        Should.Throw<RestoreMutator.Transforms.Rules.MalformedObjectException>(() => builder.SetAnnotation("k", "v"));
    }

    [Fact]
    public void SetAnnotation_Existing_Replaces()
    {
        var (builder, _) = For("""{"metadata":{"annotations":{"k":"old"}}}""");
        builder.SetAnnotation("k", "new");
        Ops(builder).ShouldBe("""[{"op":"replace","path":"/metadata/annotations/k","value":"new"}]""");
    }

    [Fact]
    public void SetAnnotation_SameKeyTwice_KeepsOneOperationWithLastValue()
    {
        var (builder, _) = For("""{"metadata":{"annotations":{}}}""");
        builder.SetAnnotation("k", "first");
        builder.SetAnnotation("k", "second");
        Ops(builder).ShouldBe("""[{"op":"add","path":"/metadata/annotations/k","value":"second"}]""");
    }

    /// <summary>Small patches find the earlier operation by a scan, large ones by an index: the same answer.</summary>
    [Theory]
    [InlineData(3)]
    [InlineData(31)]
    [InlineData(32)]
    [InlineData(80)]
    public void SameKeyAgain_AnyPatchSize_KeepsOneOperationWithLastValue(int keys)
    {
        var (builder, _) = For("""{"metadata":{"annotations":{"gone":"x"}}}""");
        for (var i = 0; i < keys; i++)
        {
            builder.SetAnnotation($"k{i}", "first");
        }

        builder.SetAnnotation("k0", "last");
        builder.SetAnnotation($"k{keys - 1}", "last");
        builder.Remove("/metadata/annotations/gone");
        builder.Add("/metadata/annotations/gone", JsonValue.Create("back"));
        builder.Add("/metadata/annotations/gone", JsonValue.Create("again"));

        builder.Count.ShouldBe(keys + 2);
        builder.Operations[0].Value!.GetValue<string>().ShouldBe("last");
        builder.Operations[keys - 1].Value!.GetValue<string>().ShouldBe("last");
        builder.Operations[keys].Kind.ShouldBe(PatchOperationKind.Remove);
        builder.Operations[keys + 1].Value!.GetValue<string>().ShouldBe("again");
    }

    [Fact]
    public void RemoveMapEntry_Missing_EmitsNothing()
    {
        var (builder, _) = For("""{"metadata":{"labels":{"a":"1"}}}""");
        builder.RemoveMapEntry("/metadata/labels", "b");
        builder.Count.ShouldBe(0);
    }

    [Fact]
    public void RemoveArrayElements_RemovesFromHighestIndexDown()
    {
        var (builder, input) = For("""{"secrets":[{"name":"a"},{"name":"b"},{"name":"c"},{"name":"d"}]}""");
        builder.RemoveArrayElements("/secrets", [1, 3]);
        Ops(builder).ShouldBe("""[{"op":"remove","path":"/secrets/3"},{"op":"remove","path":"/secrets/1"}]""");
        JsonPatchOracle.Apply(input, JsonNode.Parse(Ops(builder))!.AsArray()).ToJsonString().ShouldBe("""{"secrets":[{"name":"a"},{"name":"c"}]}""");
    }

    [Theory]
    [InlineData("/spec/containers/0/image", true)]
    [InlineData("/spec/containers/1/image", false)]
    [InlineData("/spec/containers/x", false)]
    [InlineData("/metadata/annotations/a~1b", true)]
    [InlineData("/metadata/annotations/a/b", false)]
    public void Exists_ResolvesEscapedPointers(string path, bool exists)
    {
        var (builder, _) = For("""{"metadata":{"annotations":{"a/b":"1"}},"spec":{"containers":[{"image":"x"}]}}""");
        builder.Exists(path).ShouldBe(exists);
    }
}
