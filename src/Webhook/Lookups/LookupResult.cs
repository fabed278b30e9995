namespace RestoreMutator.Webhook.Lookups;

/// <summary>A cached lookup outcome: the value when found, the failure reason otherwise, and how long to reuse it.</summary>
internal sealed record LookupResult<T>(LookupState State, T? Value, string Reason, TimeSpan Ttl)
    where T : class;
