namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>The Prometheus metric types an instrument is exported as.</summary>
internal enum MetricType
{
    /// <summary><c>Counter</c> and <c>ObservableCounter</c>: monotonic, name ends in <c>_total</c>.</summary>
    Counter,

    /// <summary><c>UpDownCounter</c>, <c>Gauge</c> and their observable forms.</summary>
    Gauge,

    /// <summary><c>Histogram</c>: cumulative <c>_bucket{le}</c>, <c>_sum</c>, <c>_count</c>.</summary>
    Histogram,
}
