using System.Collections.Frozen;
using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Diagnostics;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Plans one request (scope, S1/S2; the facts its rules need), runs the rules and turns their output
/// into a decision: skips (P4, CREATE only), the applied annotation (S7), bounded warnings (A5).
/// Immutable and shared by all requests; a configuration reload builds a new pipeline.
/// </summary>
public sealed class MutationPipeline
{
    /// <summary>At most this many warnings per response; the API server shares a small budget between webhooks (A5).</summary>
    public const int MaxWarnings = 4;

    /// <summary>Warnings are cut to this length (A5).</summary>
    public const int MaxWarningLength = 119;

    /// <summary>Skip messages and reasons are cut to this length: two names of 253 characters and the reason fit.</summary>
    public const int MaxSkipMessageLength = 640;

    private readonly FrozenDictionary<GroupKind, IMutationRule[]> _rulesByKind;
    private readonly MutationSettings _settings;

    public MutationPipeline(MutationSettings settings, IReadOnlyList<IMutationRule> rules)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(rules);
        _settings = settings;
        Rules = rules;
        StaticFacts = StaticFactsFrom(settings);
        _rulesByKind = rules
            .SelectMany(rule => rule.Kinds.Select(kind => (kind.GroupKind, rule)))
            .GroupBy(pair => pair.GroupKind)
            .ToFrozenDictionary(group => group.Key, group => group.Select(pair => pair.rule).ToArray());
    }

    /// <summary>The rules, in the order they run.</summary>
    public IReadOnlyList<IMutationRule> Rules { get; }

    /// <summary>The facts the configuration gives without asking the cluster (SPEC K4: all there is with lookups off).</summary>
    public ClusterFacts StaticFacts { get; }

    /// <summary>The restore labels of S1, in the order they are checked.</summary>
    public IReadOnlyList<string> RestoreLabels => _settings.RestoreLabels;

    /// <summary>Every kind some rule reads: what the webhook configuration must route here.</summary>
    public IReadOnlyCollection<GroupKind> HandledKinds => _rulesByKind.Keys;

    /// <summary>Whether some rule reads objects of <paramref name="kind"/> (allocation-free, for metrics labels).</summary>
    public bool Handles(GroupKind kind) => _rulesByKind.ContainsKey(kind);

    /// <summary>
    /// Decides what <paramref name="request"/> is before anything is looked up: in scope or not
    /// (S1, S2), and the facts the rules that apply need.
    /// </summary>
    public RequestPlan Plan(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update)
            || request.SubResource.Length > 0
            || !_rulesByKind.TryGetValue(request.Kind.GroupKind, out var rules)
            || RestoreLabelValue(request) is not { } restoreName)
        {
            // S1, S2: only restored objects, only CREATE/UPDATE of the main resource.
            return new RequestPlan(request, string.Empty, string.Empty, [], new FactRequirements());
        }

        var facts = new FactRequirements();
        foreach (var rule in rules)
        {
            rule.RequireFacts(request, facts);
        }

        facts.ExceptKnown(StaticFacts, restoreNamed: restoreName.Length > 0);
        return new RequestPlan(request, restoreName, TargetNamespace(request), rules, facts);
    }

    /// <summary>Plans and decides one request with <paramref name="facts"/> (preview, tests).</summary>
    public AdmissionDecision Run(AdmissionRequest request, ClusterFacts facts) => Run(Plan(request), facts);

    /// <summary>Decides one planned request. Never throws for odd objects; unexpected exceptions propagate to the host (A4).</summary>
    public AdmissionDecision Run(RequestPlan plan, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        if (!plan.InScope)
        {
            // Lookup warnings are irrelevant here, so none are returned.
            return AdmissionDecision.Allow();
        }

        var request = plan.Request;
        var warnings = new List<string>(facts.Warnings);
        var context = new MutationContext(plan, facts, warnings);
        var families = new SortedSet<string>(StringComparer.Ordinal);
        try
        {
            foreach (var rule in plan.Rules)
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
            return WithFindings(AdmissionDecision.Allow(BoundWarnings(warnings)), context);
        }

        RecordApplied(context, families);
        return WithFindings(AdmissionDecision.Patch(context.Patch.Operations, families.ToArray(), BoundWarnings(warnings)), context);
    }

    /// <summary>Carries what rules reported for the host's metrics (V4) into the decision.</summary>
    private static AdmissionDecision WithFindings(AdmissionDecision decision, MutationContext context)
    {
        if (context.MissingStorageClasses.Count > 0)
        {
            decision.MissingStorageClasses = context.MissingStorageClasses.Distinct(StringComparer.Ordinal).ToArray();
        }

        return decision;
    }

    /// <summary>The value of the first configured restore label the object carries, or null (S1).</summary>
    private string? RestoreLabelValue(AdmissionRequest request)
    {
        foreach (var label in _settings.RestoreLabels)
        {
            if (request.Object.GetLabel(label) is { } value)
            {
                return value;
            }
        }

        return null;
    }

    /// <summary>The request's namespace, else the object's own <c>metadata.namespace</c>.</summary>
    private static string TargetNamespace(AdmissionRequest request) =>
        request.Namespace.Length > 0
            ? request.Namespace
            : request.Object.TryGetPath(out var ns, "metadata", "namespace") && ns.ValueKind == JsonValueKind.String ? ns.GetString()! : string.Empty;

    /// <summary>Configured destination values (K2 says configured values win over discovery) and the fallback mapping (K1).</summary>
    private static ClusterFacts StaticFactsFrom(MutationSettings settings) => new()
    {
        DestinationRegistry = settings.Registry.Destination.Length > 0 ? settings.Registry.Destination : null,
        AppsDomain = settings.Routes.DestinationDomain.Length > 0 ? settings.Routes.DestinationDomain : null,
        NamespaceMapping = settings.NamespaceMapping,
    };

    /// <summary>S7: the annotation lists every family ever applied (earlier passes included), sorted.</summary>
    private static void RecordApplied(MutationContext context, SortedSet<string> families)
    {
        var existing = context.Annotation(WellKnown.AppliedAnnotation);
        string value;
        if (existing is null)
        {
            // The usual case (a CREATE of a restored object): no second set to merge into.
            value = string.Join(',', families);
        }
        else
        {
            var all = new SortedSet<string>(families, StringComparer.Ordinal);
            foreach (var family in existing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
            {
                all.Add(family);
            }

            value = string.Join(',', all);
        }

        if (value != existing)
        {
            context.Patch.SetAnnotation(WellKnown.AppliedAnnotation, value);
        }
    }

    private AdmissionDecision SkipDecision(AdmissionRequest request, SkipRequest skip, List<string> warnings)
    {
        // Reasons quote names from the object (an owner's name with a newline was found by fuzz/);
        // Velero shows the message in the restore result, so it is one printable line.
        var reason = SafeText.Sanitize(skip.Reason, MaxSkipMessageLength);
        var message = SafeText.Sanitize($"restore-mutator skipped {request.Kind.Kind.ToLowerInvariant()} {request.DisplayName}: {skip.Reason}", MaxSkipMessageLength);
        return _settings.SkipResponse == SkipResponse.Warn
            ? AdmissionDecision.Skip(409, "AlreadyExists", skip.Code, reason, message, BoundWarnings(warnings))
            : AdmissionDecision.Skip(403, "Forbidden", skip.Code, reason, message, BoundWarnings(warnings));
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
