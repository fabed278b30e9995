using System.Diagnostics.Metrics;
using RestoreMutator.Webhook.Diagnostics;

namespace RestoreMutator.Webhook.Limits;

/// <summary>
/// The request-body bytes the server holds at once (SPEC C7). A review takes its Content-Length
/// before its body is read and gives it back once answered; when the budget is spent it waits, in
/// arrival order, within its own deadline, so a burst of large reviews is answered one share at a
/// time instead of every body (and its parsed document) being in memory together. A request larger
/// than the whole budget takes all of it and runs alone.
/// </summary>
internal sealed class BodyBudget
{
    private readonly Lock _lock = new();
    private readonly LinkedList<Waiter> _waiters = new();
    private readonly Counter<long> _waits;
    private long _available;

    public BodyBudget(HostLimits limits, IMeterFactory meterFactory)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(meterFactory);
        Capacity = limits.BodyBudgetBytes;
        _available = Capacity;
        var meter = meterFactory.Create(WebhookMetrics.MeterName);
        _waits = meter.CreateCounter<long>("restore_mutator_body_budget_waits_total", description:
            "Reviews that waited for request-body memory: admitted (then answered) or timed_out (answered 503 at their deadline).");
        meter.CreateObservableGauge("restore_mutator_body_budget_in_use_bytes", () => Capacity - Interlocked.Read(ref _available), "By",
            "Request-body bytes held now, out of the budget (RESTORE_MUTATOR_BODY_BUDGET_MIB).");
    }

    /// <summary>The whole budget in bytes.</summary>
    public long Capacity { get; }

    /// <summary>Bytes free now.</summary>
    public long Available => Interlocked.Read(ref _available);

    /// <summary>
    /// Takes <paramref name="bytes"/> (at most the whole budget), waiting behind earlier requests
    /// when they do not fit. Throws <see cref="OperationCanceledException"/> when
    /// <paramref name="cancellationToken"/> fires first; nothing is taken then.
    /// </summary>
    public ValueTask<BodyLease> AcquireAsync(long bytes, CancellationToken cancellationToken)
    {
        var amount = Math.Clamp(bytes, 0, Capacity);
        Waiter waiter;
        lock (_lock)
        {
            if (_waiters.Count == 0 && _available >= amount)
            {
                Interlocked.Add(ref _available, -amount);
                return ValueTask.FromResult(new BodyLease(this, amount));
            }

            waiter = new Waiter(amount);
            waiter.Node = _waiters.AddLast(waiter);
        }

        return new ValueTask<BodyLease>(WaitAsync(waiter, cancellationToken));
    }

    internal void Release(long bytes)
    {
        List<Waiter>? admitted = null;
        lock (_lock)
        {
            Interlocked.Add(ref _available, bytes);
            while (_waiters.First is { } first && first.Value.Bytes <= _available)
            {
                Interlocked.Add(ref _available, -first.Value.Bytes);
                _waiters.RemoveFirst();
                (admitted ??= []).Add(first.Value);
            }
        }

        // Completed outside the lock; continuations run on the thread pool.
        foreach (var waiter in admitted ?? [])
        {
            waiter.Completion.TrySetResult(new BodyLease(this, waiter.Bytes));
        }
    }

    private async Task<BodyLease> WaitAsync(Waiter waiter, CancellationToken cancellationToken)
    {
        await using (cancellationToken.Register(() => Cancel(waiter)))
        {
            try
            {
                var lease = await waiter.Completion.Task;
                _waits.Add(1, new KeyValuePair<string, object?>("result", "admitted"));
                return lease;
            }
            catch (OperationCanceledException)
            {
                _waits.Add(1, new KeyValuePair<string, object?>("result", "timed_out"));
                throw;
            }
        }
    }

    private void Cancel(Waiter waiter)
    {
        lock (_lock)
        {
            if (waiter.Node?.List is null)
            {
                return; // Admitted already: the lease is the caller's to give back.
            }

            _waiters.Remove(waiter.Node);
        }

        waiter.Completion.TrySetCanceled();

        // The head may have been the one blocking smaller requests behind it.
        Release(0);
    }

    private sealed class Waiter(long bytes)
    {
        public long Bytes { get; } = bytes;

        public TaskCompletionSource<BodyLease> Completion { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public LinkedListNode<Waiter>? Node { get; set; }
    }
}
