using System.Diagnostics;
using BenchmarkDotNet.Attributes;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// The project's exporter against OpenTelemetry's, on the same instruments: the cost the request
/// path pays to record one review (<c>Begin</c> + <c>Reviewed</c>: a counter with three labels, the
/// duration histogram, patch operations, the in-flight gauge), and the cost of one scrape of
/// <c>/metrics</c> (with the runtime and process figures).
/// </summary>
[MemoryDiagnoser]
public class MetricsBenchmarks
{
    private MetricsHost _host = null!;
    private long _started;

    [Params(MetricsVariant.None, MetricsVariant.Own, MetricsVariant.OpenTelemetry)]
    public MetricsVariant Variant { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        _host = MetricsHost.StartAsync(Variant).GetAwaiter().GetResult();
        _host.Populate();
        _started = Stopwatch.GetTimestamp();
    }

    [GlobalCleanup]
    public void Cleanup() => _host.DisposeAsync().AsTask().GetAwaiter().GetResult();

    [Benchmark(OperationsPerInvoke = 100)]
    public void RecordReview()
    {
        for (var i = 0; i < 100; i++)
        {
            _host.RecordReview(_started);
        }
    }

    [Benchmark]
    public async Task<int> Scrape()
    {
        if (Variant == MetricsVariant.None)
        {
            return 0;
        }

        var text = await _host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        return text.Length;
    }
}
