using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// The process figures operators alert on (SPEC C9) under the names of the standard Prometheus
/// process collector, so existing alerts and dashboards (<c>process_resident_memory_bytes</c>,
/// <c>process_open_fds / process_max_fds</c>, <c>rate(process_cpu_seconds_total[5m])</c>) work
/// unchanged. Runtime figures (GC, thread pool) come from the runtime's own <c>System.Runtime</c>
/// meter and connections from Kestrel's meter, exported beside these
/// (<see cref="DiagnosticsExtensions.ExportedMeters"/>). All are observed only when scraped.
/// </summary>
internal sealed class ProcessMetrics
{
    public ProcessMetrics(IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        var meter = meterFactory.Create(WebhookMetrics.MeterName);
        var started = ProcessFigures.StartTimeSeconds();
        meter.CreateObservableGauge("process_resident_memory_bytes", () => ProcessFigures.Memory().Resident, "By",
            "Resident memory size in bytes.");
        meter.CreateObservableGauge("process_virtual_memory_bytes", () => ProcessFigures.Memory().Virtual, "By",
            "Virtual memory size in bytes.");
        meter.CreateObservableCounter("process_cpu_seconds_total", () => Environment.CpuUsage.TotalTime.TotalSeconds, "s",
            "Total user and system CPU time spent in seconds.");
        meter.CreateObservableGauge("process_open_fds", ObserveOpenDescriptors, description: "Number of open file descriptors.");
        meter.CreateObservableGauge("process_max_fds", ObserveMaxDescriptors, description: "Maximum number of open file descriptors.");
        meter.CreateObservableGauge("process_start_time_seconds", () => started, "s",
            "Start time of the process since unix epoch in seconds.");
    }

    private static IEnumerable<Measurement<long>> ObserveOpenDescriptors() =>
        ProcessFigures.OpenDescriptors() is { } open ? [new Measurement<long>(open)] : [];

    private static IEnumerable<Measurement<long>> ObserveMaxDescriptors() =>
        ProcessFigures.MaxDescriptors() is { } max ? [new Measurement<long>(max)] : [];
}
