using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Diagnostics;
using Serilog;
using Serilog.Configuration;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Sinks.Async;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// One way of getting the server's log events to stdout, behind the logger factory the server uses
/// (Serilog.AspNetCore's <see cref="SerilogLoggerFactory"/>), with the server's levels, enricher and
/// JSON formatter. <see cref="Dropped"/> is what the candidate says it lost (null: it cannot say).
/// </summary>
public sealed class SinkCandidate(string name, ILoggerFactory factory, Func<long?> dropped) : IDisposable
{
    public static readonly string[] Names = ["none", "own-batched", "async-console", "async-console-blocking", "serilog-batching", "console-sync"];

    public string Name { get; } = name;

    public ILoggerFactory Factory { get; } = factory;

    public long? Dropped => dropped();

    /// <summary>Flushes and stops the candidate (every queued event written).</summary>
    public void Dispose() => Factory.Dispose();

    public static SinkCandidate Create(string name)
    {
        var formatter = LoggingSetup.CreateFormatter();
        switch (name)
        {
            case "none":
                // The cost of the logging call itself: levels, template capture, enrichment; no output.
                return From(name, new NullSink(), () => 0);
            case "own-batched":
            {
                var sink = new BackgroundConsoleSink(formatter, Console.OpenStandardOutput());
                return From(name, sink, () => sink.Dropped);
            }

            case "async-console":
            case "async-console-blocking":
            {
                // Serilog.Sinks.Async in front of Serilog.Sinks.Console: one write per event on the worker thread.
                var monitor = new AsyncMonitor();
                var logger = LoggingSetup.Configure(new LoggerConfiguration(), new NullSink(), "Information")
                    .WriteTo.Async(a => a.Console(formatter), bufferSize: 10_000, blockWhenFull: name.EndsWith("blocking", StringComparison.Ordinal), monitor: monitor)
                    .CreateLogger();
                return new SinkCandidate(name, new SerilogLoggerFactory(logger, dispose: true), () => monitor.Inspector?.DroppedMessagesCount);
            }

            case "serilog-batching":
            {
                // Serilog 4's own batching (BatchingOptions) around a sink that writes a batch with one write.
                // Unbounded queue: with QueueLimit set, Serilog drops events without counting them.
                var logger = LoggingSetup.Configure(new LoggerConfiguration(), new NullSink(), "Information")
                    .WriteTo.Sink(new StreamBatchSink(formatter, Console.OpenStandardOutput()), new BatchingOptions
                    {
                        BatchSizeLimit = 10_000,
                        BufferingTimeLimit = TimeSpan.FromMilliseconds(20),
                        EagerlyEmitFirstEvent = true,
                        QueueLimit = null,
                    })
                    .CreateLogger();
                return new SinkCandidate(name, new SerilogLoggerFactory(logger, dispose: true), () => null);
            }

            case "console-sync":
            {
                var logger = LoggingSetup.Configure(new LoggerConfiguration(), new NullSink(), "Information")
                    .WriteTo.Console(formatter)
                    .CreateLogger();
                return new SinkCandidate(name, new SerilogLoggerFactory(logger, dispose: true), () => 0);
            }

            default:
                throw new ArgumentException($"unknown sink candidate {name}; known: {string.Join(", ", Names)}");
        }
    }

    private static SinkCandidate From(string name, ILogEventSink sink, Func<long?> dropped) =>
        new(name, new SerilogLoggerFactory(LoggingSetup.Configure(new LoggerConfiguration(), sink, "Information").CreateLogger(), dispose: true), dropped);

    private sealed class NullSink : ILogEventSink
    {
        public void Emit(LogEvent logEvent)
        {
        }
    }

    private sealed class AsyncMonitor : IAsyncLogEventSinkMonitor
    {
        public IAsyncLogEventSinkInspector? Inspector { get; private set; }

        public void StartMonitoring(IAsyncLogEventSinkInspector inspector) => Inspector = inspector;

        public void StopMonitoring(IAsyncLogEventSinkInspector inspector)
        {
        }
    }
}
