using RestoreMutator.Webhook.Diagnostics;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>Spelling rules of the text format 0.0.4.</summary>
public class PrometheusTextTests
{
    [Theory]
    [InlineData("plain", "plain")]
    [InlineData("a\\b", "a\\\\b")]
    [InlineData("say \"hi\"", "say \\\"hi\\\"")]
    [InlineData("two\nlines", "two\\nlines")]
    [InlineData("\\\"\n", "\\\\\\\"\\n")]
    public void EscapeLabelValue_SpecialCharacters_AreEscaped(string input, string expected) =>
        PrometheusText.EscapeLabelValue(input).ShouldBe(expected);

    [Fact]
    public void EscapeHelp_BackslashAndNewline_EscapedQuotesKept() =>
        PrometheusText.EscapeHelp("a \"b\" \\ c\nd").ShouldBe("a \"b\" \\\\ c\\nd");

    [Theory]
    [InlineData("restore_mutator_x", "restore_mutator_x")]
    [InlineData("restore-mutator.lookup.duration", "restore_mutator_lookup_duration")]
    [InlineData("9lives", "_9lives")]
    [InlineData("a:b", "a:b")]
    public void MetricName_InvalidCharacters_BecomeUnderscores(string input, string expected) =>
        PrometheusText.MetricName(input).ShouldBe(expected);

    [Fact]
    public void LabelName_Colon_IsNotAllowed() => PrometheusText.LabelName("a:b.c").ShouldBe("a_b_c");

    [Theory]
    [InlineData(double.PositiveInfinity, "+Inf")]
    [InlineData(double.NegativeInfinity, "-Inf")]
    [InlineData(double.NaN, "NaN")]
    [InlineData(0.0005, "0.0005")]
    [InlineData(5.0, "5")]
    [InlineData(1234567.0, "1234567")]
    public void Number_SpecialAndFiniteValues_AreFormattedInvariantly(double value, string expected) =>
        PrometheusText.Number(value).ShouldBe(expected);

    [Fact]
    public void LabelValue_NonStrings_AreFormattedInvariantly()
    {
        PrometheusText.LabelValue(true).ShouldBe("true");
        PrometheusText.LabelValue(404).ShouldBe("404");
        PrometheusText.LabelValue(1.5).ShouldBe("1.5");
        PrometheusText.LabelValue(null).ShouldBe(string.Empty);
    }
}
