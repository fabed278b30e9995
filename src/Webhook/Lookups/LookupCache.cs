namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// A small bounded cache of lookups with expiry. Concurrent requests for the same key share one
/// API call (a restore sends hundreds of objects at once); an entry lives for the TTL its result
/// chose (found, missing and failed differ). Beyond <c>maxEntries</c> expired entries are dropped
/// first, then the ones expiring soonest.
/// </summary>
internal sealed class LookupCache<T>(TimeProvider time, int maxEntries)
    where T : class
{
    private readonly Dictionary<string, Entry> _entries = new(StringComparer.Ordinal);
    private readonly Lock _lock = new();

    /// <summary>Entries held now (for tests).</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _entries.Count;
            }
        }
    }

    /// <summary>The cached result for <paramref name="key"/>, or a new call of <paramref name="fetch"/> shared by everyone asking meanwhile.</summary>
    public Task<LookupResult<T>> GetAsync(string key, Func<Task<LookupResult<T>>> fetch)
    {
        ArgumentNullException.ThrowIfNull(fetch);
        Entry entry;
        lock (_lock)
        {
            var now = time.GetUtcNow();
            if (_entries.TryGetValue(key, out var existing) && (!existing.Completion.Task.IsCompleted || existing.ExpiresAt > now))
            {
                return existing.Completion.Task;
            }

            if (_entries.Count >= maxEntries)
            {
                Trim(now);
            }

            entry = new Entry();
            _entries[key] = entry;
        }

        _ = CompleteAsync(entry, fetch);
        return entry.Completion.Task;
    }

    private async Task CompleteAsync(Entry entry, Func<Task<LookupResult<T>>> fetch)
    {
        LookupResult<T> result;
        try
        {
            result = await fetch().ConfigureAwait(false);
        }
        catch (Exception)
        {
            // fetch reports its own failures; this is a bug guard so a waiter never hangs.
            result = LookupResults.Failed<T>("internal", TimeSpan.Zero);
        }

        lock (_lock)
        {
            entry.ExpiresAt = time.GetUtcNow() + result.Ttl;
        }

        entry.Completion.SetResult(result);
    }

    private void Trim(DateTimeOffset now)
    {
        var completed = _entries.Where(pair => pair.Value.Completion.Task.IsCompleted).ToList();
        foreach (var (key, _) in completed.Where(pair => pair.Value.ExpiresAt <= now))
        {
            _entries.Remove(key);
        }

        var excess = _entries.Count - (maxEntries * 3 / 4);
        foreach (var (key, _) in completed.Where(pair => pair.Value.ExpiresAt > now).OrderBy(pair => pair.Value.ExpiresAt).Take(Math.Max(0, excess)))
        {
            _entries.Remove(key);
        }
    }

    private sealed class Entry
    {
        public TaskCompletionSource<LookupResult<T>> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public DateTimeOffset ExpiresAt { get; set; }
    }
}
