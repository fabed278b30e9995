using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// <c>restore_mutator_log_events_dropped_total</c>: log events the background sink dropped because
/// stdout fell behind (<see cref="BackgroundConsoleSink"/>), so lost log lines are never silent.
/// </summary>
internal sealed class LogSinkMetrics
{
    public LogSinkMetrics(IMeterFactory meterFactory, BackgroundConsoleSink sink)
    {
        ArgumentNullException.ThrowIfNull(meterFactory);
        ArgumentNullException.ThrowIfNull(sink);
        meterFactory.Create(WebhookMetrics.MeterName).CreateObservableCounter("restore_mutator_log_events_dropped_total", () => sink.Dropped,
            description: "Log events dropped because the log writer fell behind stdout (the queue holds 10,000 events).");
    }
}
