using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

public class RulePointerTests
{
    [Theory]
    [InlineData("/a/*/b", """{"a":[{"b":1},{"c":2},{"b":3}]}""", "/a/0/b,/a/1/b,/a/2/b")]
    [InlineData("/a/*", """{"a":{"x":1,"y/z":2}}""", "/a/x,/a/y~1z")]
    [InlineData("/a/*/b/*", """{"a":[{"b":[1,2]},{"b":"s"},{"b":[3]}]}""", "/a/0/b/0,/a/0/b/1,/a/2/b/0")]
    [InlineData("/missing/*/b", """{"a":[]}""", "")]
    [InlineData("/a/b", """{}""", "/a/b")]
    public void Expand_RangesOverMembersThatExist(string pointer, string document, string expected)
    {
        RulePointer.TryParse(pointer, out var parsed, out _).ShouldBeTrue();

        var paths = parsed.Expand(JsonNode.Parse(document));

        string.Join(',', paths.Select(RulePointer.Format)).ShouldBe(expected);
    }

    [Theory]
    [InlineData("Pod", "", "Pod", true)]
    [InlineData("/Pod", "", "Pod", true)]
    [InlineData("Pod", "apps", "Pod", false)]
    [InlineData("apps/*", "apps", "StatefulSet", true)]
    [InlineData("apps/*", "batch", "Job", false)]
    [InlineData("*", "route.openshift.io", "Route", true)]
    [InlineData("apps/Deployment", "apps", "deployment", false)]
    public void KindPattern_Matches(string pattern, string group, string kind, bool expected)
    {
        KindPattern.TryParse(pattern, out var parsed, out var error).ShouldBeTrue(error);

        parsed.Matches(new GroupKind(group, kind)).ShouldBe(expected);
    }
}
