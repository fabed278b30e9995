namespace RestoreMutator.Webhook.Limits;

/// <summary>Bytes taken from the <see cref="BodyBudget"/>; disposing gives them back (once).</summary>
internal sealed class BodyLease : IDisposable
{
    private BodyBudget? _budget;

    internal BodyLease(BodyBudget budget, long bytes)
    {
        _budget = budget;
        Bytes = bytes;
    }

    public long Bytes { get; }

    public void Dispose() => Interlocked.Exchange(ref _budget, null)?.Release(Bytes);
}
