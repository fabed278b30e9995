using RestoreMutator.Transforms.Patching;
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
    [InlineData("/sp", "spec/paused", false)]
    [InlineData("/spec/pausedX", "spec/paused", false)]
    [InlineData("/spec/paused/x", "spec/paused", true)]
    [InlineData("/spec/paused", "spec/paused/*/x", true)]
    [InlineData("/spec/paused/3/y", "spec/paused/*/x", false)]
    [InlineData("/spec/paused/3/x/z", "spec/paused/*/x", true)]
    [InlineData("/a//b", "a//b", true)]
    [InlineData("/a/b", "a//b", false)]
    [InlineData("/metadata/annotations/a~1b/c", "metadata/annotations/a~1b", true)]
    [InlineData("/metadata/annotations/a~0b", "metadata/annotations/a~0b~0", false)]
    public void Near_AtAboveOrUnder(string pointer, string pattern, bool expected)
    {
        var tokens = pattern.Length == 0
            ? []
            : pattern.Split('/').Select(t => t.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal)).ToArray();

        RuleDocument.Near(pointer, tokens).ShouldBe(expected);
    }

    /// <summary>
    /// Every pointer of a small alphabet (escapes, array positions, empty tokens) against every
    /// pattern of it, with the rule read off the definition: token by token, unescaped.
    /// </summary>
    [Fact]
    public void Near_AgreesWithTokenByTokenReading()
    {
        string[] tokens = ["spec", "sp", "a/b", "a~b", "0", "12", "-", ""];
        var pointers = new List<string> { "" };
        var patterns = new List<string[]> { Array.Empty<string>() };
        foreach (var first in tokens)
        {
            pointers.Add("/" + JsonPointer.Escape(first));
            patterns.Add([first]);
            foreach (var second in tokens.Append("*"))
            {
                patterns.Add([first, second]);
                foreach (var third in tokens.Append("*"))
                {
                    patterns.Add([first, second, third]);
                }

                if (second != "*")
                {
                    pointers.Add("/" + JsonPointer.Escape(first) + "/" + JsonPointer.Escape(second));
                    foreach (var third in tokens)
                    {
                        pointers.Add(string.Join('/', new[] { "", first, second, third }.Select(t => t.Length == 0 ? t : JsonPointer.Escape(t))));
                    }
                }
            }
        }

        var checkedPairs = 0;
        foreach (var pointer in pointers)
        {
            var split = JsonPointer.Split(pointer);
            foreach (var pattern in patterns)
            {
                var expected = split.Zip(pattern).All(p => p.Second == "*" || p.First == p.Second || (IsPosition(p.First) && IsPosition(p.Second)));
                if (RuleDocument.Near(pointer, pattern) != expected)
                {
                    throw new Xunit.Sdk.XunitException($"Near(\"{pointer}\", [{string.Join(", ", pattern)}]) should be {expected}");
                }

                checkedPairs++;
            }
        }

        checkedPairs.ShouldBeGreaterThan(100_000);
    }

    /// <summary>Two operations' pointers depend on each other as a pointer and the other's tokens would.</summary>
    [Fact]
    public void PointersNear_AgreesWithTokenByTokenReading()
    {
        string[] tokens = ["spec", "sp", "a/b", "a~b", "*", "0", "12", "-", ""];
        var pointers = new List<string> { "" };
        foreach (var first in tokens)
        {
            pointers.Add("/" + JsonPointer.Escape(first));
            foreach (var second in tokens)
            {
                pointers.Add("/" + JsonPointer.Escape(first) + "/" + JsonPointer.Escape(second));
                foreach (var third in tokens)
                {
                    pointers.Add("/" + JsonPointer.Escape(first) + "/" + JsonPointer.Escape(second) + "/" + JsonPointer.Escape(third));
                }
            }
        }

        foreach (var first in pointers)
        {
            var firstTokens = JsonPointer.Split(first);
            foreach (var second in pointers)
            {
                var expected = firstTokens.Zip(JsonPointer.Split(second)).All(p => p.First == p.Second || (IsPosition(p.First) && IsPosition(p.Second)));
                if (RuleDocument.PointersNear(first, second) != expected)
                {
                    throw new Xunit.Sdk.XunitException($"PointersNear(\"{first}\", \"{second}\") should be {expected}");
                }
            }
        }
    }

    private static bool IsPosition(string token) => token == "-" || (token.Length > 0 && token.All(char.IsAsciiDigit));
}
