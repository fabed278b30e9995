using RestoreMutator.Transforms.Selectors;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Selectors;

public class GlobPatternTests
{
    [Theory]
    [InlineData("*", "", true)]
    [InlineData("*", "shop", true)]
    [InlineData("shop", "shop", true)]
    [InlineData("shop", "shop-old", false)]
    [InlineData("shop-*", "shop-old", true)]
    [InlineData("shop-*", "shop", false)]
    [InlineData("*-old", "billing-old", true)]
    [InlineData("s*p*d", "shop-old", true)]
    [InlineData("s*p*d", "shop-olds", false)]
    [InlineData("sho?", "shop", true)]
    [InlineData("sho?", "sho", false)]
    [InlineData("**", "x", true)]
    [InlineData("[ab]", "a", false)]
    [InlineData("[ab]", "[ab]", true)]
    public void Matches_Pattern_FollowsVeleroGlobs(string pattern, string text, bool expected) =>
        GlobPattern.Matches(pattern, text).ShouldBe(expected);
}
