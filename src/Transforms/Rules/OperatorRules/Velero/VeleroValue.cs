using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Rules.OperatorRules.Velero;

/// <summary>
/// Velero's typing of a patch or match <c>value</c>, which its format writes as text (U5): text in
/// literal double quotes is a JSON string, <c>null</c>, <c>true</c>, <c>false</c>, numbers and text
/// starting with <c>{</c> or <c>[</c> are JSON, anything else is a string as written.
/// </summary>
public static class VeleroValue
{
    /// <summary>The JSON value of <paramref name="text"/>; false with <paramref name="error"/> when it claims to be JSON and is not.</summary>
    public static bool TryParse(string text, out JsonNode? value, out string error)
    {
        ArgumentNullException.ThrowIfNull(text);
        value = null;
        error = string.Empty;
        var trimmed = text.Trim();
        var quoted = trimmed.Length >= 2 && trimmed[0] == '"' && trimmed[^1] == '"';
        if (trimmed is "null")
        {
            return true;
        }

        if (quoted || trimmed is "true" or "false" || trimmed.StartsWith('{') || trimmed.StartsWith('[') || IsNumber(trimmed))
        {
            try
            {
                value = JsonNode.Parse(trimmed);
                return true;
            }
            catch (JsonException e)
            {
                error = $"'{Diagnostics.SafeText.Sanitize(trimmed, 80)}' reads as JSON (it starts with {trimmed[0]}) but is not: {e.Message}";
                return false;
            }
        }

        value = JsonValue.Create(text);
        return true;
    }

    private static bool IsNumber(string text)
    {
        if (text.Length == 0 || !(char.IsAsciiDigit(text[0]) || text[0] == '-'))
        {
            return false;
        }

        try
        {
            return JsonNode.Parse(text) is JsonValue number && number.GetValueKind() == JsonValueKind.Number;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
