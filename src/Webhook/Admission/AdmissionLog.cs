using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Admission;

/// <summary>Admission events with stable ids. Object bodies and secret values are never logged (SPEC C4).</summary>
internal static partial class AdmissionLog
{
    [LoggerMessage(EventId = 1, EventName = "AdmissionReviewed", Level = LogLevel.Information,
        Message = "{Operation:l} {Kind:l} {Namespace:l}/{Name:l} uid={Uid:l} dryRun={DryRun}: {Outcome:l} with {OperationCount} operations [{Families:l}] rules=[{Rules:l}] skip={SkipCode:l} warnings={WarningCount} profile={Profile:l} in {ElapsedMicroseconds} us")]
    public static partial void Reviewed(ILogger logger, string uid, string kind, string Namespace, string name, string operation,
        bool dryRun, string outcome, int operationCount, string families, string rules, long elapsedMicroseconds, string? skipCode, int warningCount, string? profile);

    [LoggerMessage(EventId = 2, EventName = "AdmissionRejectedInput", Level = LogLevel.Warning,
        Message = "Rejected admission request with HTTP {StatusCode}: {Reason:l}")]
    public static partial void RejectedInput(ILogger logger, int statusCode, string reason);

    [LoggerMessage(EventId = 3, EventName = "AdmissionFailed", Level = LogLevel.Error,
        Message = "Internal error on {Kind:l} {Namespace:l}/{Name:l} uid={Uid:l}; answered allowed=false code 500")]
    public static partial void Failed(ILogger logger, string uid, string kind, string Namespace, string name, Exception exception);

    [LoggerMessage(EventId = 4, EventName = "AdmissionWarning", Level = LogLevel.Warning,
        Message = "Warning for {Kind:l} {Namespace:l}/{Name:l} uid={Uid:l}: {Warning:l}")]
    public static partial void Warning(ILogger logger, string uid, string kind, string Namespace, string name, string warning);

    [LoggerMessage(EventId = 5, EventName = "AdmissionBodyBudgetTimedOut", Level = LogLevel.Warning,
        Message = "Answered HTTP 503: request bodies in memory stayed at the {BudgetMiB} MiB budget until the request's deadline (RESTORE_MUTATOR_BODY_BUDGET_MIB)")]
    public static partial void BodyBudgetTimedOut(ILogger logger, long budgetMiB);
}
