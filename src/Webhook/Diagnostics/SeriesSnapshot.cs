namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>A copy of one series taken for a scrape.</summary>
internal sealed record SeriesSnapshot(IReadOnlyList<KeyValuePair<string, string>> Labels, double Value, long Count, long[] BucketCounts)
{
    /// <summary>A stable sort key: the labels as they are written.</summary>
    public string LabelKey { get; } = string.Join('\u0001', Labels.Select(l => l.Key + "=" + l.Value));
}
