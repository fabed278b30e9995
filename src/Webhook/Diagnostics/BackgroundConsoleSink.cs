using System.Collections.Concurrent;
using System.Text;
using Serilog.Core;
using Serilog.Events;
using Serilog.Formatting;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Writes log events to a stream (stdout) from one background thread. Serilog's console sink
/// formats and writes every event on the request thread, one <c>write(2)</c> per line under a
/// lock: about a seventh of the server's CPU per review, and a blocked stdout (a stalled log
/// collector) would stall admission answers. Here the request thread only enqueues the event;
/// the writer formats a batch into a buffer and writes it at once, at most every 20 ms
/// (docs/performance.md).
/// When <c>capacity</c> events are waiting, new events are dropped and counted (on /metrics as
/// <c>restore_mutator_log_events_dropped_total</c>, <see cref="LogSinkMetrics"/>), and the count is
/// logged once the writer catches up: an answer to the API server matters more than a log line.
/// Kept over Serilog.Sinks.Async and Serilog's own batching by measurement (README, Logs).
/// </summary>
internal sealed class BackgroundConsoleSink : ILogEventSink, IDisposable
{
    private static readonly TimeSpan DrainTimeout = TimeSpan.FromSeconds(5);

    /// <summary>How long a batch may gather after a write: log lines reach stdout at most this much later.</summary>
    private static readonly TimeSpan BatchInterval = TimeSpan.FromMilliseconds(20);

    private readonly ITextFormatter _formatter;
    private readonly StreamWriter _output;
    private readonly BlockingCollection<LogEvent> _queue;
    private readonly Thread _writer;
    private long _dropped;
    private int _disposed;

    public BackgroundConsoleSink(ITextFormatter formatter, Stream output, int capacity = 10_000)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        ArgumentNullException.ThrowIfNull(output);
        _formatter = formatter;
        _output = new StreamWriter(output, new UTF8Encoding(encoderShouldEmitUTF8Identifier: false), bufferSize: 64 * 1024) { AutoFlush = false };
        _queue = new BlockingCollection<LogEvent>(new ConcurrentQueue<LogEvent>(), capacity);
        _writer = new Thread(WriteLoop) { IsBackground = true, Name = "log-writer" };
        _writer.Start();
    }

    /// <summary>Events dropped so far because the queue was full.</summary>
    public long Dropped => Interlocked.Read(ref _dropped);

    public void Emit(LogEvent logEvent)
    {
        try
        {
            if (_queue.TryAdd(logEvent))
            {
                return;
            }
        }
        catch (InvalidOperationException)
        {
            // Adding was completed: the logger is being disposed.
        }

        Interlocked.Increment(ref _dropped);
    }

    /// <summary>Writes what is queued (waiting up to 5 s) and stops the writer.</summary>
    public void Dispose()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        _queue.CompleteAdding();
        _writer.Join(DrainTimeout);
        _queue.Dispose();
    }

    private void WriteLoop()
    {
        long reported = 0;
        try
        {
            // Block for the first event, write everything queued behind it in one go, then let a
            // batch gather: one write(2) and one thread wake-up per batch, not per event.
            while (_queue.TryTake(out var first, Timeout.Infinite))
            {
                _formatter.Format(first, _output);
                while (_queue.TryTake(out var next))
                {
                    _formatter.Format(next, _output);
                }

                reported = ReportDropped(reported);
                _output.Flush();
                if (!_queue.IsAddingCompleted)
                {
                    Thread.Sleep(BatchInterval);
                }
            }
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException)
        {
            // stdout is gone (closed pipe at shutdown): nothing left to write to.
        }
    }

    private long ReportDropped(long reported)
    {
        var dropped = Dropped;
        if (dropped == reported)
        {
            return reported;
        }

        var template = new Serilog.Parsing.MessageTemplateParser().Parse("{DroppedLogEvents} log events were dropped because the log writer fell behind");
        var property = new LogEventProperty("DroppedLogEvents", new ScalarValue(dropped - reported));
        _formatter.Format(new LogEvent(DateTimeOffset.Now, LogEventLevel.Warning, null, template, [property]), _output);
        return dropped;
    }
}
