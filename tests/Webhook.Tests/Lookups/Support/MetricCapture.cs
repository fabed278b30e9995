using System.Collections.Concurrent;
using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>Records the measurements of one <see cref="Meter"/> instance (not of other tests' meters).</summary>
public sealed class MetricCapture : IDisposable
{
    private readonly MeterListener _listener = new();

    public MetricCapture(Meter meter)
    {
        _listener.InstrumentPublished = (instrument, listener) =>
        {
            if (ReferenceEquals(instrument.Meter, meter))
            {
                listener.EnableMeasurementEvents(instrument);
            }
        };
        _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Record(instrument, value, tags));
        _listener.Start();
    }

    public ConcurrentQueue<(string Name, double Value, IReadOnlyDictionary<string, string?> Tags)> Measurements { get; } = new();

    /// <summary>Sum of the measurements of <paramref name="name"/> whose tags include all of <paramref name="tags"/>.</summary>
    public double Sum(string name, params (string Key, string Value)[] tags) => Measurements
        .Where(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value))
        .Sum(m => m.Value);

    public int Count(string name, params (string Key, string Value)[] tags) => Measurements
        .Count(m => m.Name == name && tags.All(t => m.Tags.TryGetValue(t.Key, out var v) && v == t.Value));

    private void Record(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var copy = new Dictionary<string, string?>(StringComparer.Ordinal);
        foreach (var tag in tags)
        {
            copy[tag.Key] = tag.Value?.ToString();
        }

        Measurements.Enqueue((instrument.Name, value, copy));
    }

    public void Dispose() => _listener.Dispose();
}
