using RestoreMutator.Transforms.Patching;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Patching;

public class JsonPointerTests
{
    [Theory]
    [InlineData("app", "app")]
    [InlineData("openshift.io/backup-registry-hostname", "openshift.io~1backup-registry-hostname")]
    [InlineData("a~b", "a~0b")]
    [InlineData("~/", "~0~1")]
    [InlineData("~1", "~01")]
    public void Escape_Token_FollowsRfc6901(string token, string escaped)
    {
        JsonPointer.Escape(token).ShouldBe(escaped);
        JsonPointer.Unescape(escaped).ShouldBe(token);
    }

    [Theory]
    [InlineData("openshift.io~1backup-registry-hostname")]
    [InlineData("~01")]
    [InlineData("~~1")]
    [InlineData("~10")]
    [InlineData("~")]
    [InlineData("a~")]
    [InlineData("~2~0~1")]
    [InlineData("plain")]
    public void Unescape_IntoSpan_MatchesTheStringForm(string escaped)
    {
        var buffer = new char[escaped.Length];
        var length = JsonPointer.Unescape(escaped.AsSpan(), buffer);
        new string(buffer, 0, length).ShouldBe(JsonPointer.Unescape(escaped));
    }

    [Fact]
    public void Split_EscapedPointer_ReturnsUnescapedTokens() =>
        JsonPointer.Split("/metadata/annotations/a~1b~0c").ShouldBe(["metadata", "annotations", "a/b~c"]);

    [Theory]
    [InlineData("/metadata/annotations/x", "/metadata/annotations")]
    [InlineData("/metadata", "")]
    public void Parent_Pointer_DropsLastToken(string pointer, string parent) => JsonPointer.Parent(pointer).ShouldBe(parent);

    [Fact]
    public void Split_WithoutLeadingSlash_Throws() => Should.Throw<ArgumentException>(() => JsonPointer.Split("metadata"));
}
