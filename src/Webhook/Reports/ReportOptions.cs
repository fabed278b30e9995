namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Timing and bounds of the restore report (SPEC X2). Not in the config file: the SPEC fixes the
/// intervals; tests replace the singleton to run them faster.
/// </summary>
internal sealed record ReportOptions
{
    public static readonly ReportOptions Default = new();

    /// <summary>A restore's report is written at most this often (SPEC X2: every 5 s at most).</summary>
    public TimeSpan WriteInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the writer looks for reports due; with <see cref="WriteInterval"/> the final state is out within 6 s of the last review (SPEC X2: 10 s).</summary>
    public TimeSpan Tick { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How often the writer empties the recorder's queue into the book (at most <see cref="Tick"/>):
    /// a note then lives a tenth of a second, and dies young instead of being promoted by the GC.
    /// </summary>
    public TimeSpan DrainInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A failed write is retried with backoff for this long, then given up until the report changes again (SPEC X2).</summary>
    public TimeSpan RetryFor { get; init; } = TimeSpan.FromMinutes(5);

    /// <summary>First retry delay; doubled after each failure up to <see cref="MaxBackoff"/>.</summary>
    public TimeSpan InitialBackoff { get; init; } = TimeSpan.FromSeconds(1);

    public TimeSpan MaxBackoff { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// After a 403 (RBAC does not allow the write) nothing is written for this long: retrying at
    /// once cannot succeed, and a fixed Role takes effect within it.
    /// </summary>
    public TimeSpan ForbiddenPause { get; init; } = TimeSpan.FromMinutes(10);

    /// <summary>A restore with no review for this long is forgotten, once its last state is written or given up.</summary>
    public TimeSpan ForgetAfter { get; init; } = TimeSpan.FromHours(1);

    /// <summary>
    /// Restores tracked at once (Velero restores one at a time by default). A further restore
    /// makes room by forgetting the one quiet the longest. At most about 3 MiB each
    /// (<see cref="Transforms.Reports.RestoreReportBuilder"/>).
    /// </summary>
    public int MaxRestores { get; init; } = 8;

    /// <summary>
    /// Reviews waiting for the writer at most (each a few hundred bytes). When full, a review is
    /// not counted (metric <c>restore_mutator_report_reviews_dropped_total</c>): the answer never waits.
    /// </summary>
    public int QueueCapacity { get; init; } = 10_000;
}
