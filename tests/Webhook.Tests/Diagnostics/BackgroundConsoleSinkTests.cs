using System.Text;
using System.Text.Json;
using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using RestoreMutator.Webhook.Diagnostics;
using RestoreMutator.Webhook.Tests.Support;
using Serilog.Events;
using Serilog.Formatting.Json;
using Serilog.Parsing;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

public sealed class BackgroundConsoleSinkTests
{
    private static readonly MessageTemplate Template = new MessageTemplateParser().Parse("review {Sequence}");

    [Fact]
    public void Dispose_ManyEventsQueued_WritesEveryEventInOrderAsJsonLines()
    {
        var output = new GatedStream();
        using (var sink = new BackgroundConsoleSink(new JsonFormatter(renderMessage: true), output))
        {
            for (var i = 0; i < 500; i++)
            {
                sink.Emit(Event(i));
            }
        }

        var lines = output.Lines();
        lines.Count.ShouldBe(500);
        for (var i = 0; i < lines.Count; i++)
        {
            using var line = JsonDocument.Parse(lines[i]);
            line.RootElement.GetProperty("Properties").GetProperty("Sequence").GetInt32().ShouldBe(i);
            line.RootElement.GetProperty("RenderedMessage").GetString().ShouldBe($"review {i}");
        }
    }

    [Fact]
    public async Task Emit_WriterIdle_FlushesWithoutWaitingForMoreEvents()
    {
        var output = new GatedStream();
        using var sink = new BackgroundConsoleSink(new JsonFormatter(), output);
        sink.Emit(Event(7));
        var deadline = DateTime.UtcNow.AddSeconds(10);
        while (output.Lines().Count == 0 && DateTime.UtcNow < deadline)
        {
            await Task.Delay(10);
        }

        output.Lines().Count.ShouldBe(1);
    }

    [Fact]
    public void Emit_QueueFullWhileOutputBlocked_DropsNewEventsAndReportsTheCount()
    {
        var output = new GatedStream { Blocked = true };
        using (var sink = new BackgroundConsoleSink(new JsonFormatter(), output, capacity: 2))
        {
            // The writer takes the first event and blocks writing it; two more fill the queue.
            sink.Emit(Event(0));
            output.WaitUntilWriting();
            sink.Emit(Event(1));
            sink.Emit(Event(2));
            for (var i = 3; i < 8; i++)
            {
                sink.Emit(Event(i));
            }

            sink.Dropped.ShouldBe(5);
            output.Release();
        }

        var lines = output.Lines();
        lines.Count.ShouldBe(4);
        lines.Take(3).Select(l => JsonDocument.Parse(l).RootElement.GetProperty("Properties").GetProperty("Sequence").GetInt32()).ShouldBe([0, 1, 2]);
        using var report = JsonDocument.Parse(lines[3]);
        report.RootElement.GetProperty("Level").GetString().ShouldBe("Warning");
        report.RootElement.GetProperty("Properties").GetProperty("DroppedLogEvents").GetInt64().ShouldBe(5);
    }

    [Fact]
    public void Emit_AfterDispose_CountsTheEventAsDroppedWithoutThrowing()
    {
        var sink = new BackgroundConsoleSink(new JsonFormatter(), new GatedStream());
        sink.Dispose();
        sink.Emit(Event(1));
        sink.Dropped.ShouldBe(1);
    }

    [Fact]
    public void Emit_OutputClosed_KeepsAcceptingEventsWithoutThrowing()
    {
        var output = new GatedStream { Broken = true };
        using var sink = new BackgroundConsoleSink(new JsonFormatter(), output);
        for (var i = 0; i < 20; i++)
        {
            sink.Emit(Event(i));
        }

        output.Lines().ShouldBeEmpty();
    }

    [Fact]
    public void LogSinkMetrics_EventsDropped_AreCountedOnMetrics()
    {
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var factory = services.GetRequiredService<IMeterFactory>();
        using var collector = new MetricsCollector([WebhookMetrics.MeterName], factory);
        var output = new GatedStream { Blocked = true };
        using var sink = new BackgroundConsoleSink(new JsonFormatter(), output, capacity: 1);
        _ = new LogSinkMetrics(factory, sink);
        MetricsText.Value(collector.Collect(), "restore_mutator_log_events_dropped_total").ShouldBe(0);
        collector.Collect().ShouldContain("\nrestore_mutator_log_events_dropped_total 0\n");

        sink.Emit(Event(0));
        output.WaitUntilWriting();
        sink.Emit(Event(1));
        sink.Emit(Event(2));
        sink.Emit(Event(3));

        MetricsText.Value(collector.Collect(), "restore_mutator_log_events_dropped_total").ShouldBe(2);
        output.Release();
    }

    private static LogEvent Event(int sequence) =>
        new(DateTimeOffset.UnixEpoch, LogEventLevel.Information, null, Template, [new LogEventProperty("Sequence", new ScalarValue(sequence))]);

    /// <summary>A write-only stream that can block writers (a stalled log collector) or fail (a closed pipe).</summary>
    private sealed class GatedStream : Stream
    {
        private readonly MemoryStream _written = new();
        private readonly ManualResetEventSlim _gate = new(initialState: true);
        private readonly ManualResetEventSlim _writing = new();

        public bool Blocked { init => _gate = new ManualResetEventSlim(!value); }

        public bool Broken { get; init; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public void WaitUntilWriting() => _writing.Wait(TimeSpan.FromSeconds(10)).ShouldBeTrue();

        public void Release() => _gate.Set();

        public List<string> Lines()
        {
            lock (_written)
            {
                return Encoding.UTF8.GetString(_written.ToArray()).Split('\n', StringSplitOptions.RemoveEmptyEntries).ToList();
            }
        }

        public override void Write(byte[] buffer, int offset, int count)
        {
            _writing.Set();
            if (Broken)
            {
                throw new IOException("broken pipe");
            }

            _gate.Wait();
            lock (_written)
            {
                _written.Write(buffer, offset, count);
            }
        }

        public override void Flush()
        {
        }

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
