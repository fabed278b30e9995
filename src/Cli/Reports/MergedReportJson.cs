using System.Text.Json;
using RestoreMutator.Transforms.Reports;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// <c>report --output json</c> (SPEC X3; the <c>report</c> member of <c>preview --report --output json</c>):
/// <code>
/// {"restore": "nightly", "sources": ["restore-mutator-report-nightly-x7k2p", ...],
///  "summary": {... summary.json, every replica's summed: objects, kinds, families, skipReasons, rules, warnings, truncated ...},
///  "skipped": [{... objects.jsonl line of each skipped object and each error ...}],
///  "rulesWithoutChanges": ["unused-rule"],
///  "warnings": [{"text": "...", "count": 2}],
///  "problems": ["restore-mutator-report-nightly-abcde: summary.json cannot be read: ..."]}
/// </code>
/// </summary>
internal static class MergedReportJson
{
    public static void Write(Utf8JsonWriter writer, MergedReport report)
    {
        ArgumentNullException.ThrowIfNull(writer);
        ArgumentNullException.ThrowIfNull(report);
        var summary = report.Summary;
        writer.WriteStartObject();
        writer.WriteString("restore", summary.Restore);
        writer.WriteStartArray("sources");
        foreach (var source in report.Sources)
        {
            writer.WriteStringValue(source);
        }

        writer.WriteEndArray();
        writer.WritePropertyName("summary");
        RestoreSummaryJson.Write(writer, summary);
        writer.WriteStartArray("skipped");
        foreach (var entry in report.Objects.Where(o => o.Decision is ReportDecision.Skipped or ReportDecision.Error))
        {
            ReportObjectJson.Write(writer, entry);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("rulesWithoutChanges");
        foreach (var rule in summary.RulesWithoutChanges)
        {
            writer.WriteStringValue(rule);
        }

        writer.WriteEndArray();
        writer.WriteStartArray("warnings");
        foreach (var (text, count) in summary.Warnings.OrderByDescending(pair => pair.Value).ThenBy(pair => pair.Key, StringComparer.Ordinal))
        {
            writer.WriteStartObject();
            writer.WriteString("text", text);
            writer.WriteNumber("count", count);
            writer.WriteEndObject();
        }

        writer.WriteEndArray();
        writer.WriteStartArray("problems");
        foreach (var problem in report.Problems)
        {
            writer.WriteStringValue(problem);
        }

        writer.WriteEndArray();
        writer.WriteEndObject();
    }
}
