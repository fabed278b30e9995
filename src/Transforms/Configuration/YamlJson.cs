using System.Globalization;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Converts a YAML node of the configuration (a rule's values) to JSON with the YAML 1.2 core
/// schema: only plain scalars can be null, booleans or numbers; quoted and block scalars are
/// strings, so <c>"1"</c> stays the string a label value needs. Keys must be scalars.
/// </summary>
internal static class YamlJson
{
    public static bool TryConvert(YamlNode node, out JsonNode? value, out string error)
    {
        error = string.Empty;
        value = null;
        switch (node)
        {
            case YamlScalarNode scalar:
                value = Scalar(scalar);
                return true;
            case YamlSequenceNode sequence:
                var array = new JsonArray();
                foreach (var item in sequence.Children)
                {
                    if (!TryConvert(item, out var element, out error))
                    {
                        return false;
                    }

                    array.Add(element);
                }

                value = array;
                return true;
            case YamlMappingNode mapping:
                var map = new JsonObject();
                foreach (var (key, item) in mapping.Children)
                {
                    if (key is not YamlScalarNode { Value: { } name })
                    {
                        error = $"line {key.Start.Line}: a key must be a string";
                        return false;
                    }

                    if (map.ContainsKey(name))
                    {
                        error = $"line {key.Start.Line}: duplicate key '{Diagnostics.SafeText.Sanitize(name, 80)}'";
                        return false;
                    }

                    if (!TryConvert(item, out var member, out error))
                    {
                        return false;
                    }

                    map[name] = member;
                }

                value = map;
                return true;
            default:
                error = $"line {node.Start.Line}: unsupported YAML node";
                return false;
        }
    }

    private static JsonValue? Scalar(YamlScalarNode scalar)
    {
        var text = scalar.Value ?? string.Empty;
        if (scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && !scalar.Tag.IsNonSpecific && scalar.Tag.Value == "tag:yaml.org,2002:str"))
        {
            return JsonValue.Create(text);
        }

        switch (text)
        {
            case "" or "~" or "null" or "Null" or "NULL":
                return null;
            case "true" or "True" or "TRUE":
                return JsonValue.Create(true);
            case "false" or "False" or "FALSE":
                return JsonValue.Create(false);
        }

        if (IsInteger(text) && long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var integer))
        {
            return JsonValue.Create(integer);
        }

        if (IsDecimal(text) && decimal.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var number))
        {
            return JsonValue.Create(number);
        }

        return JsonValue.Create(text);
    }

    private static bool IsInteger(string text)
    {
        var digits = text.AsSpan(text.Length > 0 && text[0] is '-' or '+' ? 1 : 0);
        return digits.Length > 0 && digits.IndexOfAnyExceptInRange('0', '9') < 0;
    }

    private static bool IsDecimal(string text)
    {
        // [-+]? digits [. digits] [e[-+]digits], as JSON writes numbers (YAML 1.2 core float without .inf/.nan).
        var i = 0;
        if (i < text.Length && text[i] is '-' or '+')
        {
            i++;
        }

        var start = i;
        while (i < text.Length && char.IsAsciiDigit(text[i]))
        {
            i++;
        }

        var intDigits = i - start;
        var fracDigits = 0;
        if (i < text.Length && text[i] == '.')
        {
            i++;
            var f = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            fracDigits = i - f;
        }

        if (intDigits + fracDigits == 0)
        {
            return false;
        }

        if (i < text.Length && text[i] is 'e' or 'E')
        {
            i++;
            if (i < text.Length && text[i] is '-' or '+')
            {
                i++;
            }

            var e = i;
            while (i < text.Length && char.IsAsciiDigit(text[i]))
            {
                i++;
            }

            if (i == e)
            {
                return false;
            }
        }

        return i == text.Length;
    }
}
