using System.Collections.Frozen;
using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Diagnostics;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules.OperatorRules;

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
    private readonly OperatorRule[] _operatorRules;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<GroupKind, OperatorRule[]> _operatorRulesByKind = new();
    private readonly GroupKind[] _handledKinds;
    private readonly string[] _routingWarnings;

    /// <summary>Kinds whose operator rules are remembered; beyond it they are looked up per request (a bound on memory).</summary>
    private const int MaxCachedKinds = 1024;

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
        _operatorRules = settings.Rules.ToArray();
        _handledKinds = _rulesByKind.Keys
            .Concat(_operatorRules.SelectMany(rule => rule.Match.Kinds).Where(kind => kind.IsExact).Select(kind => new GroupKind(kind.Group, kind.Kind)))
            .Distinct()
            .ToArray();
        _routingWarnings = RoutingWarningsFor(_operatorRules, RuleCatalog.Create(settings).SelectMany(rule => rule.Kinds).Select(kind => kind.GroupKind).ToHashSet());
    }

    private static string[] RoutingWarningsFor(OperatorRule[] rules, HashSet<GroupKind> routed)
    {
        var warnings = new List<string>();
        foreach (var rule in rules)
        {
            var extra = rule.Match.Kinds.Where(kind => kind.IsExact && !routed.Contains(new GroupKind(kind.Group, kind.Kind))).Select(kind => kind.ToString()).ToList();
            if (extra.Count > 0)
            {
                warnings.Add($"rule {rule.Name}: the shipped webhook configuration does not route {string.Join(", ", extra)}; add the resources to the webhook's rules (Helm webhook.extraRules) or the rule never runs on them");
            }

            if (rule.Match.Kinds.Any(kind => !kind.IsExact))
            {
                warnings.Add($"rule {rule.Name}: kinds {string.Join(", ", rule.Match.Kinds.Where(kind => !kind.IsExact))} match only the kinds the webhook configuration routes");
            }
        }

        return warnings.ToArray();
    }

    /// <summary>
    /// U6: what the shipped webhook configuration does not route to operator rules. It routes the
    /// kinds of the built-in families; a kind only a rule names must be added to the webhook's rules
    /// (Helm <c>webhook.extraRules</c>, or a kustomize patch), and a wildcard rule sees only what is routed.
    /// </summary>
    public IReadOnlyList<string> RoutingWarnings => _routingWarnings;

    /// <summary>The operator rules (U), in file order; they run after every rule of <see cref="Rules"/>.</summary>
    public IReadOnlyList<OperatorRule> OperatorRules => _operatorRules;

    /// <summary>The rules, in the order they run.</summary>
    public IReadOnlyList<IMutationRule> Rules { get; }

    /// <summary>The facts the configuration gives without asking the cluster (SPEC K4: all there is with lookups off).</summary>
    public ClusterFacts StaticFacts { get; }

    /// <summary>The restore labels of S1, in the order they are checked.</summary>
    public IReadOnlyList<string> RestoreLabels => _settings.RestoreLabels;

    /// <summary>
    /// Every kind some rule names: what the webhook configuration must route here. Operator rules
    /// with wildcard kinds (<c>apps/*</c>, <c>*</c>) name no kind; they apply to whatever is routed.
    /// </summary>
    public IReadOnlyCollection<GroupKind> HandledKinds => _handledKinds;

    /// <summary>Whether some rule reads objects of <paramref name="kind"/> (for metrics labels).</summary>
    public bool Handles(GroupKind kind) => _rulesByKind.ContainsKey(kind) || OperatorRulesFor(kind).Length > 0;

    /// <summary>The operator rules whose kinds match <paramref name="kind"/>, in file order.</summary>
    private OperatorRule[] OperatorRulesFor(GroupKind kind)
    {
        if (_operatorRules.Length == 0)
        {
            return [];
        }

        if (_operatorRulesByKind.TryGetValue(kind, out var cached))
        {
            return cached;
        }

        var rules = _operatorRules.Where(rule => rule.Match.Kinds.Any(pattern => pattern.Matches(kind))).ToArray();
        if (_operatorRulesByKind.Count < MaxCachedKinds)
        {
            _operatorRulesByKind.TryAdd(kind, rules);
        }

        return rules;
    }

    /// <summary>
    /// Decides what <paramref name="request"/> is before anything is looked up: in scope or not
    /// (S1, S2), and the facts the rules that apply need.
    /// </summary>
    public RequestPlan Plan(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update)
            || request.SubResource.Length > 0)
        {
            return OutOfScope(request);
        }

        var rules = _rulesByKind.GetValueOrDefault(request.Kind.GroupKind) ?? [];
        var operatorRules = OperatorRulesFor(request.Kind.GroupKind);
        if ((rules.Length == 0 && operatorRules.Length == 0) || RestoreLabelValue(request) is not { } restoreName)
        {
            // S1, S2: only restored objects, only CREATE/UPDATE of the main resource.
            return OutOfScope(request);
        }

        var facts = new FactRequirements();
        foreach (var rule in rules)
        {
            rule.RequireFacts(request, facts);
        }

        facts.ExceptKnown(StaticFacts, restoreNamed: restoreName.Length > 0);
        return new RequestPlan(request, restoreName, TargetNamespace(request), rules, operatorRules, facts);
    }

    private static RequestPlan OutOfScope(AdmissionRequest request) =>
        new(request, string.Empty, string.Empty, [], [], new FactRequirements());

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

        if (plan.OperatorRules.Length > 0)
        {
            var result = OperatorRuleStage.Run(context, plan.OperatorRules, context.Patch.Operations);
            if (result.Skip is { } skip)
            {
                var skipped = SkipDecision(request, skip, warnings);
                skipped.AppliedRules = [result.SkippedBy!.Name];
                return skipped;
            }

            if (result.Changed.Count > 0)
            {
                return WithRuleChanges(context, families, result, warnings);
            }
        }

        if (context.Patch.Count == 0)
        {
            return WithFindings(AdmissionDecision.Allow(BoundWarnings(warnings)), context);
        }

        RecordApplied(context, families);
        return WithFindings(AdmissionDecision.Patch(context.Patch.Operations, families.ToArray(), BoundWarnings(warnings)), context);
    }

    /// <summary>
    /// U2: the families' operations, then the minimal operations from the object as the families
    /// left it to the object as the rules left it (the applied annotation included, S7), so the
    /// patch is valid in order and never replaces what no rule replaced.
    /// </summary>
    private static AdmissionDecision WithRuleChanges(MutationContext context, SortedSet<string> families, OperatorRuleStage.Result result, List<string> warnings)
    {
        foreach (var rule in result.Changed)
        {
            families.Add(rule.Family);
        }

        var after = result.After!;
        SetAnnotation(after, WellKnown.AppliedAnnotation, AppliedValue(context, families));
        result.Touched.Add(["metadata", "annotations", WellKnown.AppliedAnnotation]);

        var operations = new List<PatchOperation>(context.Patch.Operations);
        operations.AddRange(JsonDiff.Diff(result.Before, after, result.Touched));
        var decision = AdmissionDecision.Patch(operations, families.ToArray(), BoundWarnings(warnings));
        decision.AppliedRules = result.Changed.Select(rule => rule.Name).ToArray();
        return WithFindings(decision, context);
    }

    private static void SetAnnotation(System.Text.Json.Nodes.JsonNode document, string key, string value)
    {
        if (document["metadata"] is not System.Text.Json.Nodes.JsonObject metadata)
        {
            metadata = [];
            document["metadata"] = metadata;
        }

        if (metadata["annotations"] is not System.Text.Json.Nodes.JsonObject annotations)
        {
            annotations = [];
            metadata["annotations"] = annotations;
        }

        annotations[key] = value;
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
        var value = AppliedValue(context, families);
        if (value != context.Annotation(WellKnown.AppliedAnnotation))
        {
            context.Patch.SetAnnotation(WellKnown.AppliedAnnotation, value);
        }
    }

    private static string AppliedValue(MutationContext context, SortedSet<string> families)
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

        return string.Join(',', all);
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
