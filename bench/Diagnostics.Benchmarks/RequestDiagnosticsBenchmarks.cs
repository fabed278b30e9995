using System.Diagnostics;
using BenchmarkDotNet.Attributes;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Admission;
using RestoreMutator.Webhook.Diagnostics;
using Serilog.Extensions.Logging;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// What logging and metrics cost the request path per answered review, before and after the
/// move to Serilog.AspNetCore and the process/runtime metrics:
/// <list type="bullet">
/// <item><c>Before</c>: Microsoft.Extensions.Logging's factory with Serilog as a provider
/// (<c>builder.Logging.AddSerilog(logger)</c>), the exporter listening to the webhook's meter only.</item>
/// <item><c>After</c>: Serilog.AspNetCore's logger factory (<c>services.AddSerilog</c>), the exporter
/// listening to the webhook's, the runtime's and Kestrel's meters, process figures registered.</item>
/// </list>
/// Both write through the same background sink to a null stream, so the writer thread's formatting
/// is not in the figure (the <c>sinks</c> command measures it).
/// </summary>
[MemoryDiagnoser]
public class RequestDiagnosticsBenchmarks
{
    private MetricsHost _before = null!;
    private MetricsHost _after = null!;
    private ILoggerFactory _beforeLogging = null!;
    private ILoggerFactory _afterLogging = null!;
    private ILogger _beforeLogger = null!;
    private ILogger _afterLogger = null!;
    private long _started;

    [GlobalSetup]
    public void Setup()
    {
        _before = MetricsHost.StartAsync(MetricsVariant.Own, [WebhookMetrics.MeterName]).GetAwaiter().GetResult();
        _after = MetricsHost.StartAsync(MetricsVariant.Own).GetAwaiter().GetResult();
        var beforeSerilog = LoggingSetup.Configure(new Serilog.LoggerConfiguration(), new BackgroundConsoleSink(LoggingSetup.CreateFormatter(), Stream.Null), "Information").CreateLogger();
        _beforeLogging = LoggerFactory.Create(logging => logging.ClearProviders().AddProvider(new SerilogLoggerProvider(beforeSerilog, dispose: true)));
        var afterSerilog = LoggingSetup.Configure(new Serilog.LoggerConfiguration(), new BackgroundConsoleSink(LoggingSetup.CreateFormatter(), Stream.Null), "Information").CreateLogger();
        _afterLogging = new SerilogLoggerFactory(afterSerilog, dispose: true);
        _beforeLogger = _beforeLogging.CreateLogger<AdmissionHandler>();
        _afterLogger = _afterLogging.CreateLogger<AdmissionHandler>();
        _started = Stopwatch.GetTimestamp();
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _beforeLogging.Dispose();
        _afterLogging.Dispose();
        _before.DisposeAsync().AsTask().GetAwaiter().GetResult();
        _after.DisposeAsync().AsTask().GetAwaiter().GetResult();
    }

    [Benchmark(Baseline = true, OperationsPerInvoke = 100)]
    public void Before()
    {
        for (var i = 0; i < 100; i++)
        {
            Review(_before, _beforeLogger);
        }
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public void After()
    {
        for (var i = 0; i < 100; i++)
        {
            Review(_after, _afterLogger);
        }
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public void LogBefore()
    {
        for (var i = 0; i < 100; i++)
        {
            Log(_before, _beforeLogger);
        }
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public void LogAfter()
    {
        for (var i = 0; i < 100; i++)
        {
            Log(_after, _afterLogger);
        }
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public void MetricsBefore()
    {
        for (var i = 0; i < 100; i++)
        {
            _before.RecordReview(_started);
        }
    }

    [Benchmark(OperationsPerInvoke = 100)]
    public void MetricsAfter()
    {
        for (var i = 0; i < 100; i++)
        {
            _after.RecordReview(_started);
        }
    }

    /// <summary>What <c>AdmissionHandler</c> does for diagnostics after answering: metrics, then the summary event.</summary>
    private void Review(MetricsHost host, ILogger logger)
    {
        host.RecordReview(_started);
        Log(host, logger);
    }

    private static void Log(MetricsHost host, ILogger logger)
    {
        var request = host.Request;
        var decision = host.Decision;
        AdmissionLog.Reviewed(logger, request.Uid, request.Kind.Kind, request.Namespace, request.Name, "CREATE", false, "patched",
            decision.Operations.Count, string.Join(",", decision.Families), string.Empty, 42, null, decision.Warnings.Count, null);
    }
}
