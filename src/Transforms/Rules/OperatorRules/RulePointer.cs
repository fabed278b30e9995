using System.Globalization;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Transforms.Rules.OperatorRules;

/// <summary>
/// A JSON pointer of an operator rule, split into unescaped tokens once at load. A token <c>*</c>
/// stands for every member that exists at that point (U1a): an array's elements or an object's
/// members; <see cref="Expand"/> turns the pattern into the concrete paths of one document.
/// </summary>
public sealed class RulePointer
{
    /// <summary>The wildcard token.</summary>
    public const string Wildcard = "*";

    private RulePointer(string text, string[] tokens)
    {
        Text = text;
        Tokens = tokens;
        HasWildcard = tokens.Contains(Wildcard, StringComparer.Ordinal);
    }

    /// <summary>The pointer as written.</summary>
    public string Text { get; }

    /// <summary>The unescaped tokens (no token for the root).</summary>
    public IReadOnlyList<string> Tokens { get; }

    /// <summary>Whether some token is <c>*</c>.</summary>
    public bool HasWildcard { get; }

    /// <summary>The last token, or empty for the root.</summary>
    public string Last => Tokens.Count == 0 ? string.Empty : Tokens[^1];

    /// <summary>Parses <paramref name="text"/>: empty (the whole object) or <c>/</c>-separated tokens with RFC 6901 escapes only.</summary>
    public static bool TryParse(string text, out RulePointer pointer, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        pointer = null!;
        error = string.Empty;
        if (text.Length == 0)
        {
            pointer = new RulePointer(text, []);
            return true;
        }

        if (text[0] != '/')
        {
            error = $"'{Clip(text)}' is not a JSON pointer (it must start with '/')";
            return false;
        }

        var raw = text[1..].Split('/');
        for (var i = 0; i < raw.Length; i++)
        {
            var token = raw[i];
            for (var c = token.IndexOf('~', StringComparison.Ordinal); c >= 0; c = token.IndexOf('~', c + 1))
            {
                if (c + 1 >= token.Length || token[c + 1] is not ('0' or '1'))
                {
                    error = $"'{Clip(text)}' is not a JSON pointer ('~' must be followed by 0 or 1)";
                    return false;
                }
            }

            raw[i] = JsonPointer.Unescape(token);
        }

        pointer = new RulePointer(text, raw);
        return true;
    }

    /// <summary>
    /// The concrete paths (token arrays) <paramref name="root"/> has for this pattern, in document
    /// order. Tokens after the last wildcard are kept as written (they need not exist); the
    /// wildcards themselves range over the members that exist.
    /// </summary>
    public List<string[]> Expand(JsonNode? root)
    {
        var result = new List<string[]>();
        if (!HasWildcard)
        {
            result.Add((string[])Tokens);
            return result;
        }

        ExpandFrom(root, 0, new string[Tokens.Count], result);
        return result;
    }

    private void ExpandFrom(JsonNode? node, int index, string[] current, List<string[]> result)
    {
        var lastWildcard = LastWildcardIndex();
        if (index > lastWildcard)
        {
            for (var i = index; i < Tokens.Count; i++)
            {
                current[i] = Tokens[i];
            }

            result.Add((string[])current.Clone());
            return;
        }

        var token = Tokens[index];
        if (token != Wildcard)
        {
            current[index] = token;
            if (JsonTree.TryChild(node, token, out var child))
            {
                ExpandFrom(child, index + 1, current, result);
            }

            return;
        }

        switch (node)
        {
            case JsonArray array:
                for (var i = 0; i < array.Count; i++)
                {
                    current[index] = i.ToString(CultureInfo.InvariantCulture);
                    ExpandFrom(array[i], index + 1, current, result);
                }

                break;
            case JsonObject map:
                foreach (var (key, value) in map)
                {
                    current[index] = key;
                    ExpandFrom(value, index + 1, current, result);
                }

                break;
        }
    }

    private int LastWildcardIndex()
    {
        for (var i = Tokens.Count - 1; i >= 0; i--)
        {
            if (Tokens[i] == Wildcard)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>The escaped pointer text of concrete <paramref name="tokens"/>.</summary>
    public static string Format(IReadOnlyList<string> tokens)
    {
        // For messages, and once at load for the pointers of fixed operations (FixedOperation):
        // a rule's operations address the tree by tokens.
        var builder = new System.Text.StringBuilder();
        foreach (var token in tokens)
        {
            builder.Append('/').Append(JsonPointer.Escape(token));
        }

        return builder.ToString();
    }

    private static string Clip(string text) => Diagnostics.SafeText.Sanitize(text, 80);

    /// <inheritdoc />
    public override string ToString() => Text;
}
