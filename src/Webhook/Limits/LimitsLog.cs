using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Limits;

/// <summary>Startup event stating the limits in force and where they came from (SPEC C7).</summary>
internal static partial class LimitsLog
{
    public static void InForce(ILogger logger, HostLimits limits) =>
        LimitsInForce(logger, limits.MaxConnections, limits.BodyBudgetBytes / (1024 * 1024), limits.AvailableMemoryBytes / (1024 * 1024));

    [LoggerMessage(EventId = 311, EventName = "LimitsInForce", Level = LogLevel.Information,
        Message = "Limits: at most {MaxConnections} open connections and {BodyBudgetMiB} MiB of request bodies in memory at once ({AvailableMiB} MiB available to the runtime; RESTORE_MUTATOR_MAX_CONNECTIONS, RESTORE_MUTATOR_BODY_BUDGET_MIB override)")]
    private static partial void LimitsInForce(ILogger logger, int maxConnections, long bodyBudgetMiB, long availableMiB);
}
