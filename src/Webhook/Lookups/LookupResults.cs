namespace RestoreMutator.Webhook.Lookups;

/// <summary>Constructors of <see cref="LookupResult{T}"/>.</summary>
internal static class LookupResults
{
    public static LookupResult<T> Found<T>(T value, TimeSpan ttl)
        where T : class => new(LookupState.Found, value, string.Empty, ttl);

    public static LookupResult<T> Missing<T>(TimeSpan ttl)
        where T : class => new(LookupState.Missing, null, "not_found", ttl);

    public static LookupResult<T> Failed<T>(string reason, TimeSpan ttl)
        where T : class => new(LookupState.Failed, null, reason, ttl);
}
