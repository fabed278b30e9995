using System.Runtime.InteropServices;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// Regex tests on the string values of read-only JSON without a string per value: a rule that
/// replaces a host in every env value of a 1 MiB Deployment reads tens of thousands of them.
/// </summary>
internal static class JsonStrings
{
    /// <summary>Values up to this many UTF-8 bytes are decoded on the stack.</summary>
    private const int StackLimit = 512;

    /// <summary>Whether the string <paramref name="value"/> matches (a regex timeout propagates).</summary>
    public static bool IsMatch(JsonElement value, Regex regex)
    {
        var raw = JsonMarshal.GetRawUtf8Value(value);
        var content = raw[1..^1];
        if (content.Length > StackLimit || content.Contains((byte)'\\'))
        {
            return regex.IsMatch(value.GetString()!);
        }

        Span<char> chars = stackalloc char[content.Length];
        var count = Encoding.UTF8.GetChars(content, chars);
        return regex.IsMatch(chars[..count]);
    }

    /// <summary>
    /// The UTF-8 text of a regex that matches only itself (letters, digits, spaces and escaped or
    /// harmless punctuation; no option but culture invariance and compilation), when it has no character a JSON
    /// escape other than <c>\u</c> produces (<c>"</c>, <c>\</c>, <c>/</c>, control characters);
    /// null otherwise.
    /// </summary>
    public static byte[]? LiteralOf(Regex regex)
    {
        ArgumentNullException.ThrowIfNull(regex);
        if ((regex.Options & ~(RegexOptions.CultureInvariant | RegexOptions.Compiled)) != 0)
        {
            return null;
        }

        var pattern = regex.ToString();
        var text = new StringBuilder(pattern.Length);
        for (var i = 0; i < pattern.Length; i++)
        {
            var c = pattern[i];
            if (c == '\\')
            {
                // An escaped punctuation character is itself; \d, \w, \b, \1 and the like are not.
                if (i + 1 >= pattern.Length || char.IsAsciiLetterOrDigit(pattern[i + 1]) || pattern[i + 1] > '\x7e')
                {
                    return null;
                }

                c = pattern[++i];
            }
            else if (c is '.' or '$' or '^' or '{' or '}' or '[' or ']' or '(' or ')' or '|' or '*' or '+' or '?' or '#')
            {
                return null;
            }

            if (c is '"' or '\\' or '/' or < ' ')
            {
                return null;
            }

            text.Append(c);
        }

        return text.Length == 0 ? null : Encoding.UTF8.GetBytes(text.ToString());
    }
}
