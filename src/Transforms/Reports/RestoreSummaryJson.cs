using System.Globalization;
using System.Text.Json;

namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// <c>summary.json</c> (SPEC X2), written by the webhook and read by <c>report</c>:
/// <code>
/// {"version": 1, "restore": "nightly", "replicas": ["x7k2p"],
///  "firstReview": "2026-12-02T05:00:00Z", "lastReview": "2026-12-02T05:03:10Z",
///  "objects": {"changed": 3, "unchanged": 5, "skipped": 2, "error": 0, "total": 10},
///  "kinds": {"Deployment.apps": {"changed": 1, "unchanged": 0, "skipped": 0, "error": 0, "total": 1}},
///  "families": {"registry": 3}, "skipReasons": {"managed-pod": 2},
///  "rules": {"standby-replicas": 1, "unused-rule": 0},
///  "warnings": {"restore-mutator: ...": 2}, "warningsOmitted": 0, "truncated": 0}
/// </code>
/// Members a reader does not know are ignored; a missing member counts as empty, so a newer
/// webhook's report still reads.
/// </summary>
public static class RestoreSummaryJson
{
    public const int Version = 1;

    public static void Write(Utf8JsonWriter writer, RestoreSummary summary)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(summary);
        writer.WriteStartObject();
        writer.WriteNumber("version", Version);
        writer.WriteString("restore", summary.Restore);
        writer.WriteStartArray("replicas");
        foreach (var replica in summary.Replicas)
        {
            writer.WriteStringValue(replica);
        }

        writer.WriteEndArray();
        WriteTime(writer, "firstReview", summary.FirstReview);
        WriteTime(writer, "lastReview", summary.LastReview);
        writer.WritePropertyName("objects");
        WriteCounts(writer, summary.Objects);
        writer.WriteStartObject("kinds");
        foreach (var (kind, counts) in summary.Kinds)
        {
            writer.WritePropertyName(kind);
            WriteCounts(writer, counts);
        }

        writer.WriteEndObject();
        WriteMap(writer, "families", summary.Families);
        WriteMap(writer, "skipReasons", summary.SkipReasons);
        WriteMap(writer, "rules", summary.Rules);
        WriteMap(writer, "warnings", summary.Warnings);
        writer.WriteNumber("warningsOmitted", summary.WarningsOmitted);
        writer.WriteNumber("truncated", summary.Truncated);
        writer.WriteEndObject();
    }

    /// <summary>Reads a summary; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryRead(string json, out RestoreSummary? summary, out string error)
    {
        ArgumentNullException.ThrowIfNull(json);
        summary = null;
        try
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "summary.json is not a JSON object";
                return false;
            }

            if (!root.TryGetProperty("restore", out var restore) || restore.ValueKind != JsonValueKind.String)
            {
                error = "summary.json has no restore name";
                return false;
            }

            var read = new RestoreSummary(restore.GetString()!);
            if (root.TryGetProperty("replicas", out var replicas) && replicas.ValueKind == JsonValueKind.Array)
            {
                foreach (var replica in replicas.EnumerateArray())
                {
                    read.Replicas.Add(replica.GetString() ?? throw new FormatException("replicas holds a value that is not a string"));
                }
            }

            read.FirstReview = ReadTime(root, "firstReview");
            read.LastReview = ReadTime(root, "lastReview");
            if (root.TryGetProperty("objects", out var objects))
            {
                ReadCounts(objects, read.Objects, "objects");
            }

            if (root.TryGetProperty("kinds", out var kinds) && kinds.ValueKind == JsonValueKind.Object)
            {
                foreach (var kind in kinds.EnumerateObject())
                {
                    ReadCounts(kind.Value, read.KindCounts(kind.Name), "kinds." + kind.Name);
                }
            }

            ReadMap(root, "families", read.Families);
            ReadMap(root, "skipReasons", read.SkipReasons);
            ReadMap(root, "rules", read.Rules);
            var warnings = new SortedDictionary<string, int>(StringComparer.Ordinal);
            ReadMap(root, "warnings", warnings);
            foreach (var (text, count) in warnings)
            {
                read.AddWarning(text, count);
            }

            read.WarningsOmitted += ReadCount(root, "warningsOmitted");
            read.Truncated = ReadCount(root, "truncated");
            summary = read;
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or FormatException or InvalidOperationException)
        {
            error = $"summary.json cannot be read: {Diagnostics.SafeText.Sanitize(e.Message, 200)}";
            return false;
        }
    }

    /// <summary>Decision counts as an object with a <c>total</c>.</summary>
    public static void WriteCounts(Utf8JsonWriter writer, DecisionCounts counts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(counts);
        writer.WriteStartObject();
        foreach (var decision in ReportDecisions.All)
        {
            writer.WriteNumber(ReportDecisions.Name(decision), counts[decision]);
        }

        writer.WriteNumber("total", counts.Total);
        writer.WriteEndObject();
    }

    /// <summary>A map of names to counts.</summary>
    public static void WriteMap(Utf8JsonWriter writer, string name, IEnumerable<KeyValuePair<string, int>> counts)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(counts);
        writer.WriteStartObject(name);
        foreach (var (key, count) in counts)
        {
            writer.WriteNumber(key, count);
        }

        writer.WriteEndObject();
    }

    private static void WriteTime(Utf8JsonWriter writer, string name, DateTimeOffset? time)
    {
        if (time is { } value)
        {
            writer.WriteString(name, value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture));
        }
        else
        {
            writer.WriteNull(name);
        }
    }

    private static DateTimeOffset? ReadTime(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String
        && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time)
            ? time
            : null;

    private static void ReadCounts(JsonElement element, DecisionCounts into, string path)
    {
        if (element.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{path} is not an object");
        }

        foreach (var decision in ReportDecisions.All)
        {
            into[decision] += ReadCount(element, ReportDecisions.Name(decision));
        }
    }

    private static void ReadMap(JsonElement root, string name, SortedDictionary<string, int> into)
    {
        if (!root.TryGetProperty(name, out var map) || map.ValueKind == JsonValueKind.Null)
        {
            return;
        }

        if (map.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"{name} is not an object");
        }

        foreach (var member in map.EnumerateObject())
        {
            into[member.Name] = (into.TryGetValue(member.Name, out var current) ? current : 0) + Count(member.Value, $"{name}.{member.Name}");
        }
    }

    private static int ReadCount(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) ? Count(value, name) : 0;

    private static int Count(JsonElement value, string path) =>
        value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var count) && count >= 0
            ? count
            : throw new FormatException($"{path} is not a count");
}
