using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Report instruments on the <c>RestoreMutator</c> meter (SPEC X2): writes of the ConfigMaps and
/// Events by object and result, and reviews left out because the queue was full.
/// </summary>
internal sealed class ReportMetrics
{
    public const string WritesName = "restore_mutator_report_writes_total";
    public const string DroppedName = "restore_mutator_report_reviews_dropped_total";

    private readonly Counter<long> _writes;
    private readonly Counter<long> _dropped;

    public ReportMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(Diagnostics.WebhookMetrics.MeterName);
        _writes = Meter.CreateCounter<long>(WritesName, null,
            "Writes of restore report ConfigMaps and Events, by object (configmap, event) and result (ok, or the failure: forbidden, timeout, server_error, ...; gave_up when retries ended)");
        _dropped = Meter.CreateCounter<long>(DroppedName, null, "Reviews left out of the restore report because the writer's queue was full");
    }

    public Meter Meter { get; }

    /// <summary>Counts one write of <paramref name="target"/> (<c>configmap</c>, <c>event</c>) with <paramref name="result"/>.</summary>
    public void CountWrite(string target, string result) =>
        _writes.Add(1, new KeyValuePair<string, object?>("object", target), new KeyValuePair<string, object?>("result", result));

    public void CountDropped() => _dropped.Add(1);
}
