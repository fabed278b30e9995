using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>Lookup events with stable ids (SPEC K4, C4). Tokens and response bodies are never logged.</summary>
internal static partial class LookupLog
{
    [LoggerMessage(EventId = 600, EventName = "LookupsEnabled", Level = LogLevel.Information,
        Message = "Cluster lookups on: {Source:l}, API server {Server}")]
    public static partial void Enabled(ILogger logger, string source, Uri server);

    [LoggerMessage(EventId = 601, EventName = "LookupsDisabled", Level = LogLevel.Information,
        Message = "Cluster lookups off ({Explanation:l}); configured values are used")]
    public static partial void Disabled(ILogger logger, string explanation);

    [LoggerMessage(EventId = 602, EventName = "LookupFailed", Level = LogLevel.Warning,
        Message = "Cluster lookup {Target:l} {Path:l} failed ({Reason:l}): {Detail:l}")]
    public static partial void Failed(ILogger logger, string target, string path, string reason, string detail);

    [LoggerMessage(EventId = 603, EventName = "LookupPastDeadline", Level = LogLevel.Warning,
        Message = "Cluster lookup {Target:l} did not finish within the deadline of request uid={Uid:l}; the dependent rule is skipped")]
    public static partial void PastDeadline(ILogger logger, string target, string uid);
}
