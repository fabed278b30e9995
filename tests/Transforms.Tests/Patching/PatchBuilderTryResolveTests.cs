using System.Text.Json;
using RestoreMutator.Transforms.Patching;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Patching;

public sealed class PatchBuilderTryResolveTests
{
    private const string Object = """
        {"metadata":{"name":"a","annotations":{"x.io/a":"slash","a~b":"tilde","~1":"literal"}},
         "spec":{"containers":[{"image":"one"},{"image":"two"}]},"":{"empty":"key"}}
        """;

    [Theory]
    [InlineData("", "object")]
    [InlineData("/metadata/name", "a")]
    [InlineData("/metadata/annotations/x.io~1a", "slash")]
    [InlineData("/metadata/annotations/a~0b", "tilde")]
    [InlineData("/metadata/annotations/~01", "literal")]
    [InlineData("/spec/containers/1/image", "two")]
    [InlineData("/spec/containers/0", "object")]
    [InlineData("//empty", "key")]
    public void TryResolve_ExistingPath_FindsTheValue(string path, string expected)
    {
        using var document = JsonDocument.Parse(Object);
        PatchBuilder.TryResolve(document.RootElement, path, out var value).ShouldBeTrue();
        (value.ValueKind == JsonValueKind.Object ? "object" : value.GetString()).ShouldBe(expected);
    }

    [Theory]
    [InlineData("/missing")]
    [InlineData("/metadata/annotations/x.io/a")]
    [InlineData("/metadata/name/deeper")]
    [InlineData("/spec/containers/2")]
    [InlineData("/spec/containers/-")]
    [InlineData("/spec/containers/-1")]
    [InlineData("/spec/containers/image")]
    [InlineData("/metadata/")]
    public void TryResolve_MissingPath_ReturnsFalseAndDefault(string path)
    {
        using var document = JsonDocument.Parse(Object);
        PatchBuilder.TryResolve(document.RootElement, path, out var value).ShouldBeFalse();
        value.ValueKind.ShouldBe(JsonValueKind.Undefined);
    }

    [Fact]
    public void TryResolve_WithoutLeadingSlash_Throws()
    {
        using var document = JsonDocument.Parse(Object);
        Should.Throw<ArgumentException>(() => PatchBuilder.TryResolve(document.RootElement, "metadata", out _));
    }
}
