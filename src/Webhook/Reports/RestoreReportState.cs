using RestoreMutator.Transforms.Reports;

namespace RestoreMutator.Webhook.Reports;

/// <summary>One restore's report on this replica and where its writing stands.</summary>
internal sealed class RestoreReportState
{
    public RestoreReportState(string restore, string replica, DateTimeOffset now)
    {
        Restore = restore;
        InvolvedName = restore;
        Builder = new RestoreReportBuilder(restore);
        Builder.Summary.Replicas.Add(replica);
        ResourceName = ReportNames.For(restore, replica);
        Started = now;
        LastReview = now;
    }

    /// <summary>The restore label's value.</summary>
    public string Restore { get; }

    /// <summary>The Restore's own name (K1 read it; a label value over 63 characters is Velero's hash of it), else the label value.</summary>
    public string InvolvedName { get; set; }

    /// <summary>The Restore's uid when K1 read it.</summary>
    public string? Uid { get; set; }

    public RestoreReportBuilder Builder { get; }

    /// <summary>The ConfigMap's and the Event's name.</summary>
    public string ResourceName { get; }

    public DateTimeOffset Started { get; }

    public DateTimeOffset LastReview { get; set; }

    /// <summary>Bumped by every counted object; the ConfigMap is current when <see cref="WrittenVersion"/> equals it.</summary>
    public int Version { get; set; }

    public int WrittenVersion { get; set; }

    public DateTimeOffset? LastWrite { get; set; }

    public bool ConfigMapExists { get; set; }

    public bool EventExists { get; set; }

    /// <summary>The Event's message as last written; the Event is current when the message made now equals it.</summary>
    public string EventMessage { get; set; } = string.Empty;

    public int EventCount { get; set; }

    /// <summary>The pipeline whose rules were listed last (rules are listed again after a reload).</summary>
    public object? RulesFrom { get; set; }

    /// <summary>When the current run of failed writes began; null when the last write worked.</summary>
    public DateTimeOffset? FailingSince { get; set; }

    public TimeSpan Backoff { get; set; }

    public DateTimeOffset NextAttempt { get; set; }

    public bool ConfigMapDue => Version != WrittenVersion;

    /// <summary>The Event's message for the counts now (SPEC X2 fixes its beginning).</summary>
    public string Message(string replica, string ns)
    {
        var objects = Builder.Summary.Objects;
        return $"restore-mutator {replica}: {objects[ReportDecision.Changed]} changed, {objects[ReportDecision.Skipped]} skipped, "
            + $"{objects[ReportDecision.Unchanged]} unchanged, {Builder.Summary.WarningCount} warnings; {objects[ReportDecision.Error]} errors; "
            + $"report in ConfigMap {ns}/{ResourceName}";
    }
}
