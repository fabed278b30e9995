using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// The aggregation of one instrument: its Prometheus name, type and buckets, and its series by
/// label set. Recording takes a short lock and allocates only when a new label set appears.
/// </summary>
internal sealed class InstrumentState
{
    /// <summary>
    /// Series per instrument are capped so a label fed from request data can never grow memory
    /// without bound; measurements for further label sets are dropped (and counted).
    /// </summary>
    public const int MaxSeries = 2000;

    private readonly Lock _gate = new();
    private readonly Dictionary<int, List<MetricSeries>> _series = [];
    private readonly bool _lastValue;
    private int _count;
    private long _dropped;

    public InstrumentState(Instrument instrument, string name, MetricType type, double[] bounds, bool observable, bool lastValue)
    {
        _lastValue = lastValue;
        Instrument = instrument;
        Name = name;
        Type = type;
        Bounds = bounds;
        Observable = observable;
    }

    public Instrument Instrument { get; }

    /// <summary>The Prometheus metric family name (with <c>_total</c> for counters).</summary>
    public string Name { get; }

    public MetricType Type { get; }

    /// <summary>Histogram upper bounds, ascending (empty for other types).</summary>
    public double[] Bounds { get; }

    /// <summary>Observable instruments report absolute values on each collection.</summary>
    public bool Observable { get; }

    /// <summary>Measurements dropped because of <see cref="MaxSeries"/>.</summary>
    public long Dropped
    {
        get
        {
            lock (_gate)
            {
                return _dropped;
            }
        }
    }

    public void Record(double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = MetricSeries.HashOf(tags);
        lock (_gate)
        {
            var series = Find(hash, tags);
            if (series is null)
            {
                return;
            }

            switch (Type)
            {
                case MetricType.Histogram:
                    var index = Array.BinarySearch(Bounds, value);
                    // Prometheus buckets are "less than or equal": an exact match belongs to that bound.
                    series.BucketCounts[index >= 0 ? index : ~index]++;
                    series.Value += value;
                    series.Count++;
                    break;
                case MetricType.Gauge or MetricType.Counter when _lastValue:
                    // Observable instruments report absolute values; Gauge<T> reports the current one.
                    series.Value = value;
                    break;
                default:
                    series.Value += value;
                    break;
            }
        }
    }

    /// <summary>Forgets observable values before a collection, so label sets no longer reported disappear.</summary>
    public void ResetObservable()
    {
        if (!Observable)
        {
            return;
        }

        lock (_gate)
        {
            _series.Clear();
            _count = 0;
        }
    }

    /// <summary>A consistent copy of every series, sorted by labels.</summary>
    public IReadOnlyList<SeriesSnapshot> Snapshot()
    {
        lock (_gate)
        {
            var all = new List<SeriesSnapshot>(_count);
            foreach (var list in _series.Values)
            {
                foreach (var series in list)
                {
                    all.Add(new SeriesSnapshot(series.Labels, series.Value, series.Count, (long[])series.BucketCounts.Clone()));
                }
            }

            all.Sort(static (a, b) => string.CompareOrdinal(a.LabelKey, b.LabelKey));
            return all;
        }
    }

    private MetricSeries? Find(int hash, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (_series.TryGetValue(hash, out var candidates))
        {
            foreach (var candidate in candidates)
            {
                if (candidate.Matches(tags))
                {
                    return candidate;
                }
            }
        }
        else
        {
            candidates = null;
        }

        if (_count >= MaxSeries)
        {
            _dropped++;
            return null;
        }

        var created = new MetricSeries(tags, hash, Bounds.Length);
        if (candidates is null)
        {
            candidates = new List<MetricSeries>(1);
            _series[hash] = candidates;
        }

        candidates.Add(created);
        _count++;
        return created;
    }
}
