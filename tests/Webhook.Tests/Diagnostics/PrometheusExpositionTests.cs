using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>The test-side format checker finds what it is meant to find (so a passing check means something).</summary>
public class PrometheusExpositionTests
{
    private const string Valid = """
        # HELP a_total Things.
        # TYPE a_total counter
        a_total{k="quote \" backslash \\ newline \n"} 3
        # TYPE h_seconds histogram
        h_seconds_bucket{x="1",le="0.5"} 1
        h_seconds_bucket{x="1",le="+Inf"} 2
        h_seconds_sum{x="1"} 0.75
        h_seconds_count{x="1"} 2
        g NaN

        """;

    [Fact]
    public void Validate_WellFormedExposition_HasNoErrors() =>
        PrometheusExposition.Validate(Valid.ReplaceLineEndings("\n")).ShouldBeEmpty();

    [Theory]
    [InlineData("h_seconds_bucket{x=\"1\",le=\"+Inf\"} 2", "h_seconds_bucket{x=\"1\",le=\"+Inf\"} 0", "not cumulative")]
    [InlineData("h_seconds_count{x=\"1\"} 2", "h_seconds_count{x=\"1\"} 5", "!= _count")]
    [InlineData("h_seconds_bucket{x=\"1\",le=\"+Inf\"} 2", "h_seconds_bucket{x=\"1\",le=\"9\"} 2", "+Inf")]
    [InlineData("a_total{k=\"quote \\\" backslash \\\\ newline \\n\"} 3", "a_total{k=\"tab \\t\"} 3", "invalid escape")]
    [InlineData("a_total{k=\"quote \\\" backslash \\\\ newline \\n\"} 3", "a_total{k=\"x\"} -1", "counter a_total is -1")]
    [InlineData("a_total{k=\"quote \\\" backslash \\\\ newline \\n\"} 3", "a_total{k=\"x\",k=\"y\"} 1", "label k twice")]
    [InlineData("a_total{k=\"quote \\\" backslash \\\\ newline \\n\"} 3", "a_total{1k=\"x\"} 1", "invalid label name")]
    [InlineData("g NaN", "g 1,5", "invalid value")]
    [InlineData("g NaN", "# TYPE a_total counter\ng 1", "second TYPE")]
    [InlineData("g NaN", "a_total{k=\"other\"} 1", "not together")]
    public void Validate_BrokenExposition_NamesTheProblem(string line, string replacement, string expected)
    {
        var broken = Valid.ReplaceLineEndings("\n").Replace(line, replacement, StringComparison.Ordinal);

        PrometheusExposition.Validate(broken).ShouldContain(e => e.Contains(expected, StringComparison.Ordinal));
    }
}
