using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

/// <summary>
/// Which family operations a rule's paths depend on: an operation at, above or under a path
/// (RFC 6901 escapes decoded, <c>*</c> any member, array positions all alike since an insert or
/// remove moves the elements after it). A miss here would let a rule read or diff the object
/// without a family's change; the golden fixtures <c>operator-rules/fields-see-family-*</c> show it end to end.
/// </summary>
public class RuleDocumentTests
{
    [Theory]
    [InlineData("", "spec", true)]
    [InlineData("/spec", "spec/replicas", true)]
    [InlineData("/spec/replicas", "spec", true)]
    [InlineData("/spec/replicas", "spec/replicas", true)]
    [InlineData("/spec/replicas", "spec/paused", false)]
    [InlineData("/spec/replicas", "", true)]
    [InlineData("/metadata/annotations/restore-mutator.io~1applied", "metadata/annotations/restore-mutator.io~1applied", true)]
    [InlineData("/metadata/annotations/a~0b", "metadata/annotations/a~0b", true)]
    [InlineData("/metadata/annotations/a~1b", "metadata/annotations/a~0b", false)]
    [InlineData("/metadata/annotations/openshift.io~1scc", "metadata/annotations/restore-mutator.io~1applied", false)]
    [InlineData("/metadata/annotations", "metadata/annotations/x", true)]
    [InlineData("/spec/containers/0/image", "spec/containers/*/image", true)]
    [InlineData("/spec/containers/0/image", "spec/containers/*/env", false)]
    [InlineData("/spec/containers/0", "spec/containers/2/env", true)]
    [InlineData("/spec/containers/-", "spec/containers/1/env", true)]
    [InlineData("/spec/containers/10/image", "spec/containers/3/image", true)]
    [InlineData("/spec/containers/0/image", "spec/containers/x/image", false)]
    [InlineData("/spec/containers/0/image", "spec/initContainers/0/image", false)]
    [InlineData("/spec/a", "spec/ab", false)]
    [InlineData("/spec/ab", "spec/a", false)]
    [InlineData("/", "", true)]
    [InlineData("/", "spec", false)]
    public void Near_AtAboveOrUnder(string pointer, string pattern, bool expected)
    {
        var tokens = pattern.Length == 0
            ? []
            : pattern.Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

        RuleDocument.Near(pointer, tokens).ShouldBe(expected);
    }
}
