namespace RestoreMutator.Webhook.Limits;

/// <summary>
/// How much the server lets callers make it hold (SPEC C7): open connections, and request-body
/// bytes in memory at once. Both default to a share of the memory the runtime sees, which follows
/// the container's limit (the GC's heap limit, 75% of it unless set otherwise), so a bigger limit
/// gets bigger caps without anyone editing numbers; environment variables override them.
/// </summary>
/// <param name="MaxConnections">Open connections (idle keep-alive ones included); more are closed at once.</param>
/// <param name="BodyBudgetBytes">Request-body bytes held at once; a request over it waits within its deadline.</param>
/// <param name="AvailableMemoryBytes">The memory the defaults were derived from.</param>
internal sealed record HostLimits(int MaxConnections, long BodyBudgetBytes, long AvailableMemoryBytes)
{
    public const string MaxConnectionsVariable = "RESTORE_MUTATOR_MAX_CONNECTIONS";
    public const string BodyBudgetVariable = "RESTORE_MUTATOR_BODY_BUDGET_MIB";

    /// <summary>
    /// Memory an idle keep-alive TLS connection costs, measured (docs/performance.md: about 48 KiB
    /// of OpenSSL state outside the GC heap plus 13 KiB of Kestrel and SslStream objects), with room.
    /// </summary>
    public const long BytesPerConnection = 64 * 1024;

    /// <summary>The smallest budget: one review of the largest accepted size must always fit.</summary>
    public const long MinBodyBudgetBytes = 8L * 1024 * 1024;

    private const long Mib = 1024 * 1024;

    /// <summary>From <see cref="GC.GetGCMemoryInfo()"/> and the process environment.</summary>
    public static HostLimits FromRuntime() => FromEnvironment(GC.GetGCMemoryInfo().TotalAvailableMemoryBytes);

    /// <summary>
    /// Defaults from <paramref name="availableMemoryBytes"/>: one connection per 96 KiB of it (the
    /// connections' share is then about two thirds: 4,096 connections, 384 MiB, under a 512Mi
    /// container limit), and an eighth of it for request bodies (48 MiB there), which costs about
    /// 2.5 times that while the reviews are parsed. Overrides must be in range, else startup stops.
    /// </summary>
    public static HostLimits FromEnvironment(long availableMemoryBytes, Func<string, string?>? environment = null)
    {
        var connections = EnvironmentInteger.Read(MaxConnectionsVariable, 1, 1_000_000, "a number of connections", environment)
            ?? Math.Clamp(availableMemoryBytes / BytesPerConnection, 256, 20_000);
        var budgetMib = EnvironmentInteger.Read(BodyBudgetVariable, MinBodyBudgetBytes / Mib, 64 * 1024, "whole MiB", environment);
        var budget = budgetMib is { } mib ? mib * Mib : Math.Clamp(availableMemoryBytes / 8, MinBodyBudgetBytes, 512 * Mib);
        return new HostLimits((int)connections, budget, availableMemoryBytes);
    }
}
