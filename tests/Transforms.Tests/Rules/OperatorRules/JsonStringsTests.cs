using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using RestoreMutator.Transforms.Rules.OperatorRules;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Rules.OperatorRules;

/// <summary>
/// The read-only string tests of operator rules: the same answer as a regex on the decoded
/// string, and a literal pre-check that may say "maybe" wrongly but never "no" wrongly.
/// </summary>
public class JsonStringsTests
{
    [Theory]
    [InlineData(@"db\.old\.example\.com", "db.old.example.com")]
    [InlineData("plain text", "plain text")]
    [InlineData(@"a\-b_c:d@e=f,g", "a-b_c:d@e=f,g")]
    [InlineData("héllo", "héllo")]
    [InlineData(@"db.old", null)]
    [InlineData(@"^db", null)]
    [InlineData(@"db$", null)]
    [InlineData(@"\d+", null)]
    [InlineData(@"a\b", null)]
    [InlineData(@"(?i)db", null)]
    [InlineData(@"a|b", null)]
    [InlineData(@"a[bc]", null)]
    [InlineData(@"ab?", null)]
    [InlineData(@"a{2}", null)]
    [InlineData(@"quay\.io/acme", null)]
    [InlineData(@"say\""hi", null)]
    [InlineData("", null)]
    public void LiteralOf_OnlyPlainLiterals(string pattern, string? expected)
    {
        var literal = JsonStrings.LiteralOf(new Regex(pattern, RegexOptions.CultureInvariant));

        (literal is null ? null : Encoding.UTF8.GetString(literal)).ShouldBe(expected);
    }

    [Fact]
    public void LiteralOf_IgnoreCase_IsNoLiteral() =>
        JsonStrings.LiteralOf(new Regex("db", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase)).ShouldBeNull();

    [Theory]
    [InlineData("db.old.example.com", "db\\.old")]
    [InlineData("jdbc:postgresql://db.old.example.com/x", "db\\.old")]
    [InlineData("db.new.example.com", "db\\.old")]
    [InlineData("tab\there", "\\t")]
    [InlineData("quote\"d", "\"d$")]
    [InlineData("é ü ß ∑ 😀", "ü ß")]
    [InlineData("line\nbreak", "^break$")]
    public void IsMatch_AsOnTheDecodedString(string text, string pattern)
    {
        var regex = new Regex(pattern, RegexOptions.CultureInvariant | RegexOptions.Multiline);
        foreach (var value in new[] { text, text + new string('x', 600), new string('y', 600) + text })
        {
            using var document = JsonDocument.Parse(JsonSerializer.Serialize(value));
            JsonStrings.IsMatch(document.RootElement, regex).ShouldBe(regex.IsMatch(value), value);
        }
    }
}
