using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Aggregates every instrument of the exported meters (<see cref="DiagnosticsExtensions.ExportedMeters"/>)
/// with a <see cref="MeterListener"/> and renders them in the Prometheus text format. Kept instead
/// of OpenTelemetry's Prometheus exporter for the reasons and measurements in the README (Metrics);
/// it is generic (counters, up-down counters, gauges, histograms, observable instruments), so
/// instruments added elsewhere on an exported meter are exported without being listed here.
/// </summary>
internal sealed class MetricsCollector : IDisposable
{
    /// <summary>Default histogram bounds in seconds when an instrument gives no advice: 0.5 ms to 5 s.</summary>
    public static readonly double[] DefaultSecondsBuckets = [0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5];

    /// <summary>Default bounds for unit-less histograms (OpenTelemetry's defaults).</summary>
    public static readonly double[] DefaultBuckets = [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 7500, 10000];

    /// <summary>
    /// Instruments the runtime creates as <c>ObservableCounter</c> although they are current values
    /// (documented as UpDownCounter, and so changed in later runtimes: dotnet/runtime issues 112077
    /// and 126167). Exported as gauges without <c>_total</c>, so the names stay when the runtime is fixed.
    /// </summary>
    private static readonly HashSet<string> MistypedCounters = new(StringComparer.Ordinal)
    {
        "dotnet.thread_pool.queue.length",
        "dotnet.thread_pool.thread.count",
    };

    private readonly MeterListener _listener = new();
    private readonly object? _scope;
    private readonly Lock _instrumentsGate = new();
    private readonly List<InstrumentState> _instruments = [];
    private readonly Lock _collectGate = new();

    /// <summary>
    /// Listens to meters named in <paramref name="meterNames"/> that belong to <paramref name="scope"/>
    /// (the host's <see cref="IMeterFactory"/>) or to no factory at all (a static <c>new Meter(..)</c>,
    /// such as the runtime's <c>System.Runtime</c>). The scope keeps two hosts in one process (tests)
    /// from counting each other's requests.
    /// </summary>
    public MetricsCollector(IReadOnlyCollection<string> meterNames, object? scope)
    {
        ArgumentNullException.ThrowIfNull(meterNames);
        var names = meterNames.ToHashSet(StringComparer.Ordinal);
        _scope = scope;
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (names.Contains(instrument.Meter.Name) && (instrument.Meter.Scope is null || ReferenceEquals(instrument.Meter.Scope, _scope)))
            {
                var state = CreateState(instrument);
                lock (_instrumentsGate)
                {
                    _instruments.Add(state);
                }

                listener.EnableMeasurementEvents(instrument, state);
            }
        };
        _listener.MeasurementsCompleted = (instrument, state) =>
        {
            lock (_instrumentsGate)
            {
                _instruments.Remove((InstrumentState)state!);
            }
        };
        _listener.SetMeasurementEventCallback<double>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<float>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<long>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<int>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<short>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<byte>(static (_, value, tags, state) => ((InstrumentState)state!).Record(value, tags));
        _listener.SetMeasurementEventCallback<decimal>(static (_, value, tags, state) => ((InstrumentState)state!).Record((double)value, tags));
        _listener.Start();
    }

    /// <summary>Polls observable instruments and writes every metric family in text format 0.0.4.</summary>
    public string Collect()
    {
        InstrumentState[] instruments;
        lock (_instrumentsGate)
        {
            instruments = [.. _instruments];
        }

        lock (_collectGate)
        {
            foreach (var instrument in instruments)
            {
                instrument.ResetObservable();
            }

            _listener.RecordObservableInstruments();
            return PrometheusWriter.Write(instruments);
        }
    }

    public void Dispose() => _listener.Dispose();

    private static InstrumentState CreateState(Instrument instrument)
    {
        var definition = instrument.GetType().GetGenericTypeDefinition();
        var observable = instrument.IsObservable;
        var type = (definition == typeof(Counter<>) || definition == typeof(ObservableCounter<>)) && !MistypedCounters.Contains(instrument.Name) ? MetricType.Counter
            : definition == typeof(Histogram<>) ? MetricType.Histogram
            : MetricType.Gauge;
        var lastValue = observable || definition == typeof(Gauge<>);
        var name = PrometheusName(instrument, type);
        var bounds = type == MetricType.Histogram ? BucketBounds(instrument, name) : [];
        return new InstrumentState(instrument, name, type, bounds, observable, lastValue);
    }

    /// <summary>
    /// The family name: sanitised, with the unit suffix Prometheus expects (<c>s</c> → <c>_seconds</c>,
    /// <c>By</c> → <c>_bytes</c>) and <c>_total</c> on counters, unless already there.
    /// </summary>
    internal static string PrometheusName(Instrument instrument, MetricType type)
    {
        var name = PrometheusText.MetricName(instrument.Name);
        var suffix = instrument.Unit switch
        {
            "s" => "_seconds",
            "By" => "_bytes",
            _ => null,
        };
        if (suffix is not null && !name.EndsWith(suffix, StringComparison.Ordinal) && !name.EndsWith(suffix + "_total", StringComparison.Ordinal))
        {
            name += suffix;
        }

        if (type == MetricType.Counter && !name.EndsWith("_total", StringComparison.Ordinal))
        {
            name += "_total";
        }

        return name;
    }

    private static double[] BucketBounds(Instrument instrument, string name)
    {
        IEnumerable<double>? advised = instrument switch
        {
            Histogram<double> h => h.Advice?.HistogramBucketBoundaries,
            Histogram<float> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<long> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            Histogram<int> h => h.Advice?.HistogramBucketBoundaries?.Select(b => (double)b),
            _ => null,
        };
        var bounds = advised?.Where(b => !double.IsNaN(b) && !double.IsInfinity(b)).Distinct().Order().ToArray();
        if (bounds is { Length: > 0 })
        {
            return bounds;
        }

        return name.EndsWith("_seconds", StringComparison.Ordinal) ? DefaultSecondsBuckets : DefaultBuckets;
    }
}
