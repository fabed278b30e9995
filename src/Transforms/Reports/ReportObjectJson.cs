using System.Text.Json;

namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// A line of <c>objects.jsonl</c> (SPEC X2):
/// <c>{"kind": "Pod", "namespace": "shop", "name": "web-1", "operation": "CREATE", "decision": "skipped",
/// "families": [], "operations": 0, "skipCode": "managed-pod", "reason": "managed by a ReplicaSet ..."}</c>.
/// <c>skipCode</c> and <c>reason</c> only for skipped objects (<c>reason</c> also for errors).
/// </summary>
public static class ReportObjectJson
{
    public static void Write(Utf8JsonWriter writer, ReportObject entry)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(entry);
        writer.WriteStartObject();
        writer.WriteString("kind", entry.Kind);
        writer.WriteString("namespace", entry.Namespace);
        writer.WriteString("name", entry.Name);
        writer.WriteString("operation", entry.Operation);
        writer.WriteString("decision", ReportDecisions.Name(entry.Decision));
        writer.WriteStartArray("families");
        foreach (var family in entry.Families)
        {
            writer.WriteStringValue(family);
        }

        writer.WriteEndArray();
        writer.WriteNumber("operations", entry.Operations);
        if (entry.Decision == ReportDecision.Skipped)
        {
            writer.WriteString("skipCode", entry.SkipCode);
        }

        if (entry.Reason.Length > 0 && entry.Decision is ReportDecision.Skipped or ReportDecision.Error)
        {
            writer.WriteString("reason", entry.Reason);
        }

        writer.WriteEndObject();
    }

    /// <summary>Reads one line; <paramref name="error"/> says what is wrong when it returns false.</summary>
    public static bool TryRead(string line, out ReportObject? entry, out string error)
    {
        ArgumentNullException.ThrowIfNull(line);
        entry = null;
        try
        {
            using var document = JsonDocument.Parse(line);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                error = "not a JSON object";
                return false;
            }

            if (!ReportDecisions.TryParse(Text(root, "decision"), out var decision))
            {
                error = "no known decision";
                return false;
            }

            var families = root.TryGetProperty("families", out var list) && list.ValueKind == JsonValueKind.Array
                ? list.EnumerateArray().Select(f => f.GetString() ?? string.Empty).Where(f => f.Length > 0).ToArray()
                : [];
            entry = new ReportObject
            {
                Kind = Text(root, "kind"),
                Namespace = Text(root, "namespace"),
                Name = Text(root, "name"),
                Operation = Text(root, "operation"),
                Decision = decision,
                Families = families,
                Operations = root.TryGetProperty("operations", out var operations) && operations.TryGetInt32(out var count) ? count : 0,
                SkipCode = Text(root, "skipCode"),
                Reason = Text(root, "reason"),
            };
            error = string.Empty;
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException or FormatException)
        {
            error = Diagnostics.SafeText.Sanitize(e.Message, 200);
            return false;
        }
    }

    private static string Text(JsonElement root, string name) =>
        root.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : string.Empty;
}
