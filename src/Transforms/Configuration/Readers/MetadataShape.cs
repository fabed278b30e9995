using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary>
/// What a rule may write into <c>metadata</c>: an object whose <c>labels</c> and <c>annotations</c>
/// are objects of strings. A rule that wrote a string there would give an object the API server
/// refuses, and the families' own metadata writes (S7, R4) would have nowhere to go on the next pass
/// (found by fuzz/, target rules). Checked at load for merge patches (rules and Velero modifier files)
/// and the literal values of rules' patch operations; <c>copy</c>/<c>move</c> into metadata are not
/// checked (their value is the object's own).
/// </summary>
internal static class MetadataShape
{
    /// <summary>The problem with merge patch <paramref name="patch"/>'s metadata, or null.</summary>
    public static string? OfMergePatch(JsonObject patch) =>
        patch.TryGetPropertyValue("metadata", out var metadata) ? OfMetadata(metadata, "metadata") : null;

    /// <summary>The problem with writing <paramref name="value"/> at <paramref name="tokens"/>, or null when the path is outside metadata.</summary>
    public static string? OfValue(IReadOnlyList<string> tokens, JsonNode? value)
    {
        if (tokens.Count == 0 || tokens[0] != "metadata")
        {
            return null;
        }

        return tokens.Count switch
        {
            1 => OfMetadata(value, "metadata"),
            2 when tokens[1] is "labels" or "annotations" => OfStrings(value, "metadata." + tokens[1]),
            3 when tokens[1] is "labels" or "annotations" && tokens[2] != "*" =>
                value is JsonValue scalar && scalar.GetValueKind() == JsonValueKind.String ? null : $"metadata.{tokens[1]} values must be strings",
            _ => null,
        };
    }

    private static string? OfMetadata(JsonNode? metadata, string where)
    {
        if (metadata is null)
        {
            return null;
        }

        if (metadata is not JsonObject fields)
        {
            return $"{where} must be a mapping";
        }

        foreach (var key in (string[])["labels", "annotations"])
        {
            if (fields.TryGetPropertyValue(key, out var map) && OfStrings(map, $"{where}.{key}") is { } problem)
            {
                return problem;
            }
        }

        return null;
    }

    private static string? OfStrings(JsonNode? map, string where)
    {
        if (map is null)
        {
            return null;
        }

        if (map is not JsonObject entries)
        {
            return $"{where} must be a mapping of strings";
        }

        foreach (var (_, value) in entries)
        {
            // null deletes the key in a merge patch.
            if (value is not null && (value is not JsonValue scalar || scalar.GetValueKind() != JsonValueKind.String))
            {
                return $"{where} values must be strings";
            }
        }

        return null;
    }
}
