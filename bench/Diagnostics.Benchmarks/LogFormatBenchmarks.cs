using System.Text;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Admission;
using RestoreMutator.Webhook.Diagnostics;
using Serilog.Core;
using Serilog.Events;
using Serilog.Extensions.Logging;
using Serilog.Formatting;
using Serilog.Formatting.Json;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// What the log writer thread spends on one summary event (SPEC C4) per layout: Serilog's
/// classic <c>JsonFormatter</c> with the rendered message (the layout until 2026-12-03) against
/// the server's <see cref="LoggingSetup.CreateFormatter"/>. The event is the real one: the
/// source-generated <see cref="AdmissionLog.Reviewed"/> through Serilog.AspNetCore's logger
/// factory and the server's enrichers, inside a scope with the properties ASP.NET Core's hosting
/// and Kestrel add to every request (RequestId, RequestPath, ConnectionId).
/// The bytes of one line are printed once per layout.
/// </summary>
[MemoryDiagnoser]
public class LogFormatBenchmarks
{
    private readonly StreamWriter _output = new(Stream.Null, new UTF8Encoding(false), 64 * 1024);
    private readonly ITextFormatter _classic = new JsonFormatter(renderMessage: true);
    private readonly ITextFormatter _server = LoggingSetup.CreateFormatter();
    private LogEvent _event = null!;

    [GlobalSetup]
    public void Setup()
    {
        _event = SummaryEvent();
        Console.WriteLine($"// line bytes: classic JsonFormatter {LineBytes(_classic)}, server {LineBytes(_server)}");
    }

    [Benchmark(Baseline = true)]
    public void ClassicJson() => _classic.Format(_event, _output);

    [Benchmark]
    public void Server() => _server.Format(_event, _output);

    /// <summary>The summary event of a patched Deployment as the server's logger makes it.</summary>
    public static LogEvent SummaryEvent()
    {
        var captured = new CapturingSink();
        var serilog = LoggingSetup.Configure(new Serilog.LoggerConfiguration(), captured, "Information").CreateLogger();
        using (var factory = new SerilogLoggerFactory(serilog, dispose: true))
        {
            var logger = factory.CreateLogger<AdmissionHandler>();
            using (logger.BeginScope(new Dictionary<string, object> { ["ConnectionId"] = "0HNQH1T03SQEE" }))
            using (logger.BeginScope(new Dictionary<string, object> { ["RequestId"] = "0HNQH1T03SQEE:00000001", ["RequestPath"] = "/mutate" }))
            {
                AdmissionLog.Reviewed(logger, "0000beef-sim0-4000-8000-000000000001", "Deployment", "shop", "shop", "CREATE", false, "patched",
                    11, "nodes,registry", string.Empty, 53346, null, 0, null);
            }
        }

        return captured.Event ?? throw new InvalidOperationException("the summary event was not logged");
    }

    private int LineBytes(ITextFormatter formatter)
    {
        using var text = new StringWriter();
        formatter.Format(_event, text);
        return Encoding.UTF8.GetByteCount(text.ToString());
    }

    private sealed class CapturingSink : ILogEventSink
    {
        public LogEvent? Event { get; private set; }

        public void Emit(LogEvent logEvent) => Event = logEvent;
    }
}
