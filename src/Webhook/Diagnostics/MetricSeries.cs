namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// One time series of an instrument: its label set and its aggregated value (a sum, the last
/// value, or histogram buckets). Mutated only under the owning <see cref="InstrumentState"/>'s lock.
/// </summary>
internal sealed class MetricSeries
{
    private readonly KeyValuePair<string, string>[] _labels;
    private readonly string[] _rawKeys;
    private readonly object?[] _rawValues;

    public MetricSeries(ReadOnlySpan<KeyValuePair<string, object?>> tags, int hash, int bucketCount)
    {
        Hash = hash;
        _rawKeys = new string[tags.Length];
        _rawValues = new object?[tags.Length];
        var labels = new KeyValuePair<string, string>[tags.Length];
        for (var i = 0; i < tags.Length; i++)
        {
            _rawKeys[i] = tags[i].Key;
            _rawValues[i] = tags[i].Value;
            labels[i] = new(tags[i].Key, PrometheusText.LabelValue(tags[i].Value));
        }

        Array.Sort(labels, static (a, b) => string.CompareOrdinal(a.Key, b.Key));
        _labels = labels;
        BucketCounts = bucketCount > 0 ? new long[bucketCount + 1] : [];
    }

    public int Hash { get; }

    /// <summary>Labels sorted by name, values already formatted.</summary>
    public IReadOnlyList<KeyValuePair<string, string>> Labels => _labels;

    /// <summary>Sum (counters), current value (gauges) or sum of observations (histograms).</summary>
    public double Value { get; set; }

    /// <summary>Histogram observations per bucket (not cumulative); the last one is +Inf.</summary>
    public long[] BucketCounts { get; }

    public long Count { get; set; }

    /// <summary>Whether <paramref name="tags"/> is this series' label set, in any order.</summary>
    public bool Matches(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        if (tags.Length != _rawKeys.Length)
        {
            return false;
        }

        for (var i = 0; i < tags.Length; i++)
        {
            // Same call site, same order: the common case is a positional match.
            if (_rawKeys[i] == tags[i].Key && Equals(_rawValues[i], tags[i].Value))
            {
                continue;
            }

            if (!ContainsAnywhere(tags[i]))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>An order-independent hash of a tag set, so the same labels in another order find the same series.</summary>
    public static int HashOf(ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var hash = tags.Length;
        foreach (var tag in tags)
        {
            hash += HashCode.Combine(tag.Key, tag.Value);
        }

        return hash;
    }

    private bool ContainsAnywhere(KeyValuePair<string, object?> tag)
    {
        for (var j = 0; j < _rawKeys.Length; j++)
        {
            if (_rawKeys[j] == tag.Key && Equals(_rawValues[j], tag.Value))
            {
                return true;
            }
        }

        return false;
    }
}
