using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Tests.Support;
using RestoreMutator.Transforms.Images;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Images;

public class PrefixRewriteChecksTests
{
    [Fact]
    public void Find_IndependentRewrites_ReportsNothing()
    {
        PrefixRewriteChecks.Find(
        [
            new PrefixRewrite("quay.io/acme", "mirror.example.com/acme"),
            new PrefixRewrite("quay.io/acme/team", "team-mirror.example.com/team"),
            new PrefixRewrite("docker.io", "mirror.example.com/dockerhub"),
        ]).ShouldBeEmpty();
    }

    [Theory]
    [InlineData("bitnami")]
    [InlineData("registry/acme")]
    public void Find_FromWithoutRegistryHost_ReportsFrom(string from)
    {
        var problems = PrefixRewriteChecks.Find([new PrefixRewrite(from, "mirror.example.com/x")]);
        problems.ShouldHaveSingleItem().Key.ShouldBe("rewrites[0].from");
        problems[0].Message.ShouldContain("docker.io/" + from);
    }

    [Theory]
    // to under its own from: docker.io/mirror/x would become docker.io/mirror/mirror/x
    [InlineData("docker.io", "docker.io/mirror", "ghcr.io", "ghcr.example.com")]
    // the result of one rewrite is matched by another
    [InlineData("quay.io", "mirror.example.com/quay", "mirror.example.com", "other.example.com")]
    [InlineData("quay.io", "mirror.example.com", "mirror.example.com/quay", "other.example.com")]
    // a to without registry host is a Docker Hub name
    [InlineData("quay.io", "hub-mirror", "docker.io", "mirror.example.com/hub")]
    public void Find_ResultMatchedAgain_ReportsTo(string from0, string to0, string from1, string to1)
    {
        var problems = PrefixRewriteChecks.Find([new PrefixRewrite(from0, to0), new PrefixRewrite(from1, to1)]);
        problems.ShouldHaveSingleItem().Key.ShouldBe("rewrites[0].to");
    }

    [Fact]
    public void Load_LoopingRewrites_FailsWithEveryError()
    {
        var result = TestSettings.Load("""
            registry:
              rewrites:
                - {from: bitnami, to: mirror.example.com/bitnami}
                - {from: docker.io, to: docker.io/mirror}
            """);
        result.Succeeded.ShouldBeFalse();
        result.Errors.ShouldContain(e => e.StartsWith("registry.rewrites[0].from:", StringComparison.Ordinal));
        result.Errors.ShouldContain(e => e.StartsWith("registry.rewrites[1].to:", StringComparison.Ordinal));
    }
}
