using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Lookup instruments (SPEC C3, K4) on the <c>RestoreMutator</c> meter, for the Prometheus
/// exporter: call latency per target, and failures per target and reason.
/// </summary>
internal sealed class LookupMetrics
{
    public const string MeterName = "RestoreMutator";
    public const string DurationName = "restore_mutator_lookup_duration_seconds";
    public const string FailuresName = "restore_mutator_lookup_failures_total";

    private readonly Histogram<double> _duration;
    private readonly Counter<long> _failures;

    public LookupMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        Meter = meterFactory.Create(MeterName);
        _duration = Meter.CreateHistogram(DurationName, "s", "Duration of Kubernetes API lookups by target",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5] });
        _failures = Meter.CreateCounter<long>(FailuresName, null, "Kubernetes API lookups that failed, timed out or were denied, by target and reason");
    }

    public Meter Meter { get; }

    /// <summary>Records one API call to <paramref name="target"/> (<c>restore</c>, <c>image_config</c>, <c>ingress_config</c>, <c>version</c>, <c>serviceaccount</c>).</summary>
    public void RecordDuration(string target, TimeSpan elapsed) =>
        _duration.Record(elapsed.TotalSeconds, new KeyValuePair<string, object?>("target", target));

    /// <summary>Counts a failed lookup; <paramref name="reason"/> is a short fixed word (<c>timeout</c>, <c>forbidden</c>, <c>deadline</c>, ...).</summary>
    public void CountFailure(string target, string reason) =>
        _failures.Add(1, new KeyValuePair<string, object?>("target", target), new KeyValuePair<string, object?>("reason", reason));
}
