using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>The batched end of the <c>serilog-batching</c> candidate: formats a batch into a buffer, one write per batch.</summary>
public sealed class StreamBatchSink(ITextFormatter formatter, Stream output) : IBatchedLogEventSink
{
    private readonly StreamWriter _writer = new(output, new UTF8Encoding(false), 64 * 1024) { AutoFlush = false };

    public async Task EmitBatchAsync(IReadOnlyCollection<LogEvent> batch)
    {
        foreach (var logEvent in batch)
        {
            formatter.Format(logEvent, _writer);
        }

        await _writer.FlushAsync();
    }

    public Task OnEmptyBatchAsync() => Task.CompletedTask;
}
