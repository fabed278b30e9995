using System.Diagnostics.Metrics;
using RestoreMutator.Webhook.Diagnostics;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

/// <summary>
/// The exporter is generic: any instrument of the meter is exported with the right type, name and
/// samples. Each test uses its own meter name so parallel tests do not see each other.
/// </summary>
public sealed class MetricsCollectorTests : IDisposable
{
    private readonly string _meterName = "Test.Collector." + Guid.NewGuid().ToString("N");
    private readonly Meter _meter;
    private readonly MetricsCollector _collector;

    public MetricsCollectorTests()
    {
        _meter = new Meter(_meterName);
        _collector = new MetricsCollector([_meterName], scope: null);
    }

    public void Dispose()
    {
        _collector.Dispose();
        _meter.Dispose();
    }

    [Fact]
    public void Collect_Counter_HasHelpTypeAndTotalSuffix()
    {
        var counter = _meter.CreateCounter<long>("widgets", description: "Widgets made.");
        counter.Add(2, new KeyValuePair<string, object?>("color", "red"));
        counter.Add(3, new KeyValuePair<string, object?>("color", "red"));

        var text = _collector.Collect();

        text.ShouldContain("# HELP widgets_total Widgets made.\n# TYPE widgets_total counter\n");
        MetricsText.Value(text, "widgets_total{color=\"red\"}").ShouldBe(5);
    }

    [Fact]
    public void Collect_LabelValueWithQuoteBackslashNewline_IsEscaped()
    {
        var counter = _meter.CreateCounter<long>("odd_total");
        counter.Add(1, new KeyValuePair<string, object?>("v", "a\"b\\c\nd"));

        _collector.Collect().ShouldContain("odd_total{v=\"a\\\"b\\\\c\\nd\"} 1\n");
    }

    [Fact]
    public void Collect_TagsInAnotherOrder_AreOneSeries()
    {
        var counter = _meter.CreateCounter<long>("pairs_total");
        counter.Add(1, new("b", "2"), new("a", "1"));
        counter.Add(1, new("a", "1"), new("b", "2"));

        var text = _collector.Collect();

        MetricsText.Samples(text, "pairs_total{").ShouldBe(["pairs_total{a=\"1\",b=\"2\"} 2"]);
    }

    [Fact]
    public void Collect_Histogram_BucketsAreCumulativeWithInfSumAndCount()
    {
        var histogram = _meter.CreateHistogram("latency", "s", "Latency.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.1, 1, 10] });
        histogram.Record(0.05);
        histogram.Record(0.1); // exactly on a bound: counted in le="0.1"
        histogram.Record(5);
        histogram.Record(50);

        var text = _collector.Collect();

        text.ShouldContain("# TYPE latency_seconds histogram\n");
        MetricsText.Samples(text, "latency_seconds").ShouldBe(
        [
            "latency_seconds_bucket{le=\"0.1\"} 2",
            "latency_seconds_bucket{le=\"1\"} 2",
            "latency_seconds_bucket{le=\"10\"} 3",
            "latency_seconds_bucket{le=\"+Inf\"} 4",
            "latency_seconds_sum 55.15",
            "latency_seconds_count 4",
        ]);
    }

    [Fact]
    public void Collect_HistogramWithLabels_PutsLeLast()
    {
        var histogram = _meter.CreateHistogram<double>("sizes", advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [1] });
        histogram.Record(0.5, new KeyValuePair<string, object?>("kind", "Pod"));

        var text = _collector.Collect();

        text.ShouldContain("sizes_bucket{kind=\"Pod\",le=\"1\"} 1\n");
        text.ShouldContain("sizes_bucket{kind=\"Pod\",le=\"+Inf\"} 1\n");
        text.ShouldContain("sizes_count{kind=\"Pod\"} 1\n");
    }

    [Fact]
    public void Collect_HistogramInSecondsWithoutAdvice_UsesFineDefaultBuckets()
    {
        _meter.CreateHistogram<double>("restore_mutator_lookup_duration_seconds", "s").Record(0.0003);

        var text = _collector.Collect();

        MetricsText.Value(text, "restore_mutator_lookup_duration_seconds_bucket{le=\"0.0005\"}").ShouldBe(1);
        MetricsText.Value(text, "restore_mutator_lookup_duration_seconds_bucket{le=\"5\"}").ShouldBe(1);
    }

    [Fact]
    public void Collect_UpDownCounterAndObservableGauge_AreGauges()
    {
        var inflight = _meter.CreateUpDownCounter<int>("inflight");
        inflight.Add(3);
        inflight.Add(-1);
        var reading = 41.5;
        _meter.CreateObservableGauge("temperature", () => reading);

        var first = _collector.Collect();
        reading = 42;
        var second = _collector.Collect();

        first.ShouldContain("# TYPE inflight gauge\ninflight 2\n");
        first.ShouldContain("# TYPE temperature gauge\ntemperature 41.5\n");
        second.ShouldContain("temperature 42\n");
    }

    [Fact]
    public void Collect_ObservableCounter_ReportsTheObservedTotal()
    {
        var total = 7L;
        _meter.CreateObservableCounter("restore_mutator_lookup_failures", () => new Measurement<long>(total, new KeyValuePair<string, object?>("target", "version")));

        _collector.Collect();
        total = 9;
        var text = _collector.Collect();

        text.ShouldContain("# TYPE restore_mutator_lookup_failures_total counter\n");
        MetricsText.Value(text, "restore_mutator_lookup_failures_total{target=\"version\"}").ShouldBe(9);
    }

    [Fact]
    public void Collect_OtherMeter_IsNotExported()
    {
        using var other = new Meter(_meterName + ".other");
        other.CreateCounter<long>("foreign").Add(1);

        _collector.Collect().ShouldNotContain("foreign");
    }

    [Fact]
    public void Collect_DottedNameAndLabel_AreSanitised()
    {
        _meter.CreateCounter<long>("restore_mutator.lookup.failures").Add(1, new KeyValuePair<string, object?>("error.type", "timeout"));

        MetricsText.Value(_collector.Collect(), "restore_mutator_lookup_failures_total{error_type=\"timeout\"}").ShouldBe(1);
    }

    [Fact]
    public void Collect_MoreLabelSetsThanTheCap_DropsTheExcess()
    {
        var counter = _meter.CreateCounter<long>("many_total");
        for (var i = 0; i < InstrumentState.MaxSeries + 50; i++)
        {
            counter.Add(1, new KeyValuePair<string, object?>("id", i));
        }

        var text = _collector.Collect();

        MetricsText.Samples(text, "many_total{").Count.ShouldBe(InstrumentState.MaxSeries);
        MetricsText.Value(text, "restore_mutator_metrics_dropped_measurements_total{metric=\"many_total\"}").ShouldBe(50);
    }

    [Fact]
    public void Collect_RuntimeThreadPoolFiguresDeclaredAsCounters_AreExportedAsGauges()
    {
        var queued = 5L;
        _meter.CreateObservableCounter("dotnet.thread_pool.queue.length", () => queued, "{work_item}");
        _meter.CreateObservableCounter("dotnet.thread_pool.work_item.count", () => 100L, "{work_item}");

        var text = _collector.Collect();

        text.ShouldContain("# TYPE dotnet_thread_pool_queue_length gauge\ndotnet_thread_pool_queue_length 5\n");
        text.ShouldContain("# TYPE dotnet_thread_pool_work_item_count_total counter\n");
    }

    [Fact]
    public void Collect_EveryInstrumentKind_IsValidTextFormat()
    {
        _meter.CreateCounter<long>("odd_total").Add(1, new KeyValuePair<string, object?>("v", "a\"b\\c\nd"));
        var histogram = _meter.CreateHistogram<double>("latency", "s");
        histogram.Record(0.003, new KeyValuePair<string, object?>("kind", "Pod"));
        histogram.Record(7, new KeyValuePair<string, object?>("kind", "Route"));
        _meter.CreateUpDownCounter<int>("inflight").Add(1);
        _meter.CreateObservableGauge("temperature", () => double.NaN);
        _meter.CreateObservableCounter("ticks", () => 3L);

        PrometheusExposition.Validate(_collector.Collect()).ShouldBeEmpty();
    }
}
