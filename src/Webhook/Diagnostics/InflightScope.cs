using System.Diagnostics.Metrics;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>Decrements the in-flight gauge when a request ends.</summary>
internal readonly struct InflightScope(UpDownCounter<long> inflight) : IDisposable
{
    public void Dispose() => inflight?.Add(-1);
}
