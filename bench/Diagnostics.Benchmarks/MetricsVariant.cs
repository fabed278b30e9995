namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>Who listens to the webhook's instruments.</summary>
public enum MetricsVariant
{
    /// <summary>Nobody: instruments are not enabled, recording costs next to nothing (the baseline).</summary>
    None,

    /// <summary>The project's exporter (<c>MetricsCollector</c>), as the server runs it.</summary>
    Own,

    /// <summary>OpenTelemetry's SDK with its Prometheus ASP.NET Core exporter, listening to the same meters.</summary>
    OpenTelemetry,
}
