using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Resolves a YAML scalar to a JSON value with the YAML 1.2 core schema: only plain (unquoted)
/// scalars can be null, booleans or numbers; quoted and block scalars are always strings, so the
/// common <c>"true"</c> annotation values stay strings. YAML 1.1 spellings (<c>yes</c>, <c>on</c>)
/// are strings, as in YAML 1.2. <c>.inf</c> and <c>.nan</c> have no JSON form and stay strings.
/// </summary>
internal static partial class YamlScalars
{
    private const string TagPrefix = "tag:yaml.org,2002:";

    public static JsonNode? Resolve(Scalar scalar)
    {
        ArgumentNullException.ThrowIfNull(scalar);
        var text = scalar.Value;
        if (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific)
        {
            return ResolveTagged(scalar.Tag.Value, text, scalar);
        }

        return scalar.Style == ScalarStyle.Plain && !scalar.Tag.IsNonSpecific ? ResolvePlain(text) : JsonValue.Create(text);
    }

    /// <summary>The core-schema value of a plain scalar.</summary>
    public static JsonNode? ResolvePlain(string text)
    {
        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        return TryNumber(text) ?? JsonValue.Create(text);
    }

    private static JsonNode? ResolveTagged(string tag, string text, Scalar scalar)
    {
        var name = tag.StartsWith(TagPrefix, StringComparison.Ordinal) ? tag[TagPrefix.Length..] : null;
        var value = name switch
        {
            "str" => JsonValue.Create(text),
            "null" => null,
            "bool" or "int" or "float" => ResolvePlain(text) ?? throw Invalid(scalar, tag),
            _ => JsonValue.Create(text),
        };
        if (name is "bool" && value?.GetValueKind() is not (System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False))
        {
            throw Invalid(scalar, tag);
        }

        if (name is "int" or "float" && value?.GetValueKind() != System.Text.Json.JsonValueKind.Number)
        {
            throw Invalid(scalar, tag);
        }

        return value;
    }

    private static YamlException Invalid(Scalar scalar, string tag) =>
        new(scalar.Start, scalar.End, $"'{scalar.Value}' is not a valid {tag}");

    private static JsonValue? TryNumber(string text)
    {
        if (DecimalInteger().IsMatch(text))
        {
            if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
            {
                return JsonValue.Create(integer);
            }

            return decimal.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var big) ? JsonValue.Create(big) : null;
        }

        if (text.StartsWith("0o", StringComparison.Ordinal) && OctalDigits().IsMatch(text.AsSpan(2)))
        {
            return JsonValue.Create(Convert.ToInt64(text[2..], 8));
        }

        if (text.StartsWith("0x", StringComparison.Ordinal) && HexDigits().IsMatch(text.AsSpan(2))
            && long.TryParse(text.AsSpan(2), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var hex) && hex >= 0)
        {
            return JsonValue.Create(hex);
        }

        if (Float().IsMatch(text))
        {
            // decimal keeps the written scale ("1.50" stays 1.50); only huge exponents need double.
            if (decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
            {
                return JsonValue.Create(number);
            }

            if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var real) && double.IsFinite(real))
            {
                return JsonValue.Create(real);
            }
        }

        return null;
    }

    [GeneratedRegex("^[-+]?[0-9]+$")]
    private static partial Regex DecimalInteger();

    [GeneratedRegex("^[0-7]+$")]
    private static partial Regex OctalDigits();

    [GeneratedRegex("^[0-9a-fA-F]+$")]
    private static partial Regex HexDigits();

    [GeneratedRegex(@"^[-+]?(\.[0-9]+|[0-9]+(\.[0-9]*)?)([eE][-+]?[0-9]+)?$")]
    private static partial Regex Float();
}
