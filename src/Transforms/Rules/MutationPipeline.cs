using System.Collections.Frozen;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Diagnostics;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Runs the rules for one request and turns their output into a decision: scope checks (S1, S2),
/// skips (P4, CREATE only), the applied annotation (S7), bounded warnings (A5). Immutable and
/// shared by all requests; a configuration reload builds a new pipeline.
/// </summary>
public sealed class MutationPipeline
{
    /// <summary>At most this many warnings per response; the API server shares a small budget between webhooks (A5).</summary>
    public const int MaxWarnings = 4;

    /// <summary>Warnings are cut to this length (A5).</summary>
    public const int MaxWarningLength = 119;

    private readonly FrozenDictionary<GroupKind, IMutationRule[]> _rulesByKind;

    public MutationPipeline(RestoreMutatorSettings settings, IReadOnlyList<IMutationRule> rules)
    {
        Settings = settings;
        Rules = rules;
        _rulesByKind = rules
            .SelectMany(rule => rule.Kinds.Select(kind => (kind.GroupKind, rule)))
            .GroupBy(pair => pair.GroupKind)
            .ToFrozenDictionary(group => group.Key, group => group.Select(pair => pair.rule).ToArray());
    }

    public RestoreMutatorSettings Settings { get; }

    /// <summary>The rules, in the order they run.</summary>
    public IReadOnlyList<IMutationRule> Rules { get; }

    /// <summary>Every kind some rule reads: what the webhook configuration must route here.</summary>
    public IReadOnlyCollection<GroupKind> HandledKinds => _rulesByKind.Keys;

    /// <summary>Whether some rule reads objects of <paramref name="kind"/> (allocation-free, for metrics labels).</summary>
    public bool Handles(GroupKind kind) => _rulesByKind.ContainsKey(kind);

    /// <summary>Decides one request. Never throws for odd objects; unexpected exceptions propagate to the host (A4).</summary>
    public AdmissionDecision Run(AdmissionRequest request, ClusterFacts facts)
    {
        var warnings = new List<string>(facts.Warnings);
        if (request.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update)
            || request.SubResource.Length > 0
            || !_rulesByKind.TryGetValue(request.Kind.GroupKind, out var rules)
            || !HasRestoreLabel(request))
        {
            // S1, S2: only restored objects, only CREATE/UPDATE of the main resource. Lookup
            // warnings are irrelevant here, so none are returned.
            return AdmissionDecision.Allow();
        }

        var context = new MutationContext(request, Settings, facts, warnings);
        var families = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var rule in rules)
            {
                var before = context.Patch.Count;
                rule.Apply(context);
                if (context.SkipRequest is { } skip)
                {
                    return SkipDecision(request, skip, warnings);
                }

                if (context.Patch.Count > before)
                {
                    families.Add(rule.Family);
                }
            }
        }
        catch (MalformedObjectException e)
        {
            warnings.Add($"restore-mutator left {request.Kind.Kind} {request.DisplayName} unchanged: {e.Message}");
            return AdmissionDecision.Allow(BoundWarnings(warnings));
        }

        if (context.Patch.Count == 0)
        {
            return AdmissionDecision.Allow(BoundWarnings(warnings));
        }

        RecordApplied(context, families);
        return AdmissionDecision.Patch(context.Patch.Operations, families.ToArray(), BoundWarnings(warnings));
    }

    private bool HasRestoreLabel(AdmissionRequest request)
    {
        foreach (var label in Settings.RestoreLabels)
        {
            if (request.Object.GetLabel(label) is not null)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>S7: the annotation lists every family ever applied (earlier passes included), sorted.</summary>
    private static void RecordApplied(MutationContext context, SortedSet<string> families)
    {
        var all = new SortedSet<string>(families, StringComparer.Ordinal);
        var existing = context.Annotation(WellKnown.AppliedAnnotation);
        if (existing is not null)
        {
            foreach (var family in existing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                all.Add(family);
            }
        }

        var value = string.Join(',', all);
        if (value != existing)
        {
            context.Patch.SetAnnotation(WellKnown.AppliedAnnotation, value);
        }
    }

    private AdmissionDecision SkipDecision(AdmissionRequest request, SkipRequest skip, List<string> warnings)
    {
        var message = $"restore-mutator skipped {request.Kind.Kind.ToLowerInvariant()} {request.DisplayName}: {skip.Reason}";
        return Settings.SkipResponse == SkipResponse.Warn
            ? AdmissionDecision.Skip(409, "AlreadyExists", skip.Code, message, BoundWarnings(warnings))
            : AdmissionDecision.Skip(403, "Forbidden", skip.Code, message, BoundWarnings(warnings));
    }

    /// <summary>Printable ASCII, short, de-duplicated, at most <see cref="MaxWarnings"/> (SPEC A5).</summary>
    internal static IReadOnlyList<string> BoundWarnings(List<string> warnings)
    {
        if (warnings.Count == 0)
        {
            return [];
        }

        var distinct = warnings.Select(w => SafeText.Sanitize(w, MaxWarningLength)).Where(w => w.Length > 0).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count <= MaxWarnings)
        {
            return distinct;
        }

        var kept = distinct.Take(MaxWarnings - 1).ToList();
        kept.Add($"restore-mutator: {distinct.Count - kept.Count} more warnings omitted");
        return kept;
    }
}
