using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules;

public class DomainSuffixRewriterTests
{
    private static readonly DomainSuffixRewriter OldToNew = new([new PrefixRewrite("apps.old.example.com", "apps.new.example.com")]);

    [Theory]
    [InlineData("shop.apps.old.example.com", "shop.apps.new.example.com")]
    [InlineData("apps.old.example.com", "apps.new.example.com")]
    [InlineData("*.apps.old.example.com", "*.apps.new.example.com")]
    [InlineData("a.b.apps.old.example.com", "a.b.apps.new.example.com")]
    [InlineData("Shop.APPS.old.example.com", "Shop.apps.new.example.com")]
    [InlineData("apps.old.example.com.evil.io", null)]
    [InlineData("xapps.old.example.com", null)]
    [InlineData("shop.xapps.old.example.com", null)]
    [InlineData("old.example.com", null)]
    [InlineData("shop.apps.new.example.com", null)]
    [InlineData("", null)]
    public void Rewrite_OldToNew_MatchesOnLabelBoundaryOnly(string host, string? expected) =>
        OldToNew.Rewrite(host).ShouldBe(expected);

    [Fact]
    public void Rewrite_SeveralMatches_LongestFromWins()
    {
        var rewriter = new DomainSuffixRewriter([
            new PrefixRewrite("example.com", "example.net"),
            new PrefixRewrite("internal.example.com", "corp.example.org"),
        ]);
        rewriter.Rewrite("api.internal.example.com").ShouldBe("api.corp.example.org");
        rewriter.Rewrite("shop.example.com").ShouldBe("shop.example.net");
    }

    [Theory]
    [InlineData("shop.example.com", "shop.apps.example.com")]
    [InlineData("shop.apps.example.com", null)]
    public void Rewrite_ToInsideFrom_IsStableOnSecondPass(string host, string? expected)
    {
        var rewriter = new DomainSuffixRewriter([new PrefixRewrite("example.com", "apps.example.com")]);
        rewriter.Rewrite(host).ShouldBe(expected);
    }

    [Fact]
    public void Rewrite_ChainedRewrites_StopAfterOneStep()
    {
        var rewriter = new DomainSuffixRewriter([new PrefixRewrite("a.example", "b.example"), new PrefixRewrite("b.example", "c.example")]);
        var first = rewriter.Rewrite("shop.a.example");
        first.ShouldBe("shop.b.example");
        rewriter.Rewrite(first!).ShouldBeNull();
    }

    [Fact]
    public void Rewrite_ToIsParentOfFrom_StillRewrites()
    {
        var rewriter = new DomainSuffixRewriter([new PrefixRewrite("apps.old.example.com", "example.com")]);
        var first = rewriter.Rewrite("shop.apps.old.example.com");
        first.ShouldBe("shop.example.com");
        rewriter.Rewrite(first!).ShouldBeNull();
    }
}
