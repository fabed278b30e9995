using RestoreMutator.Transforms.Reports;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// One restore's report, every replica's merged (SPEC X3): the summed counts, the listed objects,
/// and the report ConfigMaps that could not be read.
/// </summary>
internal sealed class MergedReport(RestoreSummary summary)
{
    public RestoreSummary Summary { get; } = summary;

    /// <summary>The report ConfigMaps read, by name.</summary>
    public List<string> Sources { get; } = [];

    /// <summary>Every listed object, in the order the replicas listed them.</summary>
    public List<ReportObject> Objects { get; } = [];

    /// <summary>Report ConfigMaps or lines that could not be read (one line each).</summary>
    public List<string> Problems { get; } = [];

    public IEnumerable<ReportObject> Skipped => Objects.Where(o => o.Decision == ReportDecision.Skipped);

    public IEnumerable<ReportObject> Errors => Objects.Where(o => o.Decision == ReportDecision.Error);

    /// <summary>Adds one replica's report: its <c>summary.json</c> and <c>objects.jsonl</c> texts.</summary>
    public void Add(string source, string? summaryJson, string? objectLines)
    {
        if (summaryJson is null)
        {
            Problems.Add($"{source}: no summary.json");
            return;
        }

        if (!RestoreSummaryJson.TryRead(summaryJson, out var replica, out var error))
        {
            Problems.Add($"{source}: {error}");
            return;
        }

        Sources.Add(source);
        Summary.Merge(replica!);
        var number = 0;
        foreach (var line in (objectLines ?? string.Empty).Split('\n'))
        {
            number++;
            if (line.Length == 0)
            {
                continue;
            }

            if (ReportObjectJson.TryRead(line, out var entry, out var lineError))
            {
                Objects.Add(entry!);
            }
            else
            {
                Problems.Add($"{source}: objects.jsonl line {number}: {lineError}");
            }
        }
    }
}
