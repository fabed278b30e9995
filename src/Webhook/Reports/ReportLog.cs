using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Reports;

/// <summary>Restore report events with stable ids (SPEC X2, C4).</summary>
internal static partial class ReportLog
{
    [LoggerMessage(EventId = 700, EventName = "ReportWriteFailed", Level = LogLevel.Warning,
        Message = "Restore report {Target:l} for restore {Restore:l} could not be written ({Reason:l}): {Detail:l}; retrying with backoff")]
    public static partial void WriteFailed(ILogger logger, string target, string restore, string reason, string detail);

    [LoggerMessage(EventId = 701, EventName = "ReportWriteGaveUp", Level = LogLevel.Warning,
        Message = "Restore report {Target:l} for restore {Restore:l}: gave up after {Minutes} minutes of failures ({Reason:l}); the next reviewed object tries again")]
    public static partial void GaveUp(ILogger logger, string target, string restore, double minutes, string reason);

    [LoggerMessage(EventId = 702, EventName = "ReportWriteForbidden", Level = LogLevel.Warning,
        Message = "Restore reports: RBAC does not allow writing {Target:l}s in namespace {Namespace:l} ({Detail:l}); admission goes on unaffected. Grant the Role shipped in deploy/ (create and patch), or set report.enabled: false. Logged once")]
    public static partial void Forbidden(ILogger logger, string target, string @namespace, string detail);

    [LoggerMessage(EventId = 703, EventName = "ReportWriteRecovered", Level = LogLevel.Information,
        Message = "Restore report {Target:l} for restore {Restore:l} written again")]
    public static partial void Recovered(ILogger logger, string target, string restore);

    [LoggerMessage(EventId = 704, EventName = "ReportRestoreEvicted", Level = LogLevel.Warning,
        Message = "Restore report for restore {Restore:l} no longer kept: {MaxRestores} restores are tracked at most, and it was quiet the longest")]
    public static partial void Evicted(ILogger logger, string restore, int maxRestores);

    [LoggerMessage(EventId = 705, EventName = "ReportRestoresForgotten", Level = LogLevel.Debug,
        Message = "{Count} quiet restore report(s) forgotten (written, no review for an hour)")]
    public static partial void Forgotten(ILogger logger, int count);
}
