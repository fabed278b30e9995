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
    private readonly FrozenSet<GroupKind> _handledKinds;
    private readonly MutationProfile[] _profiles;
    private readonly MutationSettings _settings;
    private readonly OperatorRule[] _operatorRules;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<GroupKind, OperatorRule[]> _operatorRulesByKind = new();
    private readonly string[] _routingWarnings;

    /// <summary>Kinds whose operator rules are remembered; beyond it they are looked up per request (a bound on memory).</summary>
    private const int MaxCachedKinds = 1024;

    /// <summary>
    /// A pipeline of <paramref name="rules"/> built from <paramref name="settings"/>, with the
    /// <paramref name="profiles"/> (SPEC X1, each with its own pipeline) a request may select instead.
    /// </summary>
    public MutationPipeline(MutationSettings settings, IReadOnlyList<IMutationRule> rules, IReadOnlyList<MutationProfile>? profiles = null)
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
        _profiles = profiles?.ToArray() ?? [];
        if (_profiles.Any(profile => profile.Pipeline._profiles.Length > 0))
        {
            throw new ArgumentException("a profile's pipeline cannot have profiles of its own (profiles never stack)", nameof(profiles));
        }

        _operatorRules = settings.Rules.ToArray();
        _handledKinds = OwnKinds().Concat(_profiles.SelectMany(profile => profile.Pipeline.OwnKinds())).ToFrozenSet();
        _routingWarnings = RoutingWarningsFor(_operatorRules, RuleCatalog.Create(settings).SelectMany(rule => rule.Kinds).Select(kind => kind.GroupKind).ToHashSet());
    }

    /// <summary>The kinds this pipeline's own rules name: the families' and the exact kinds of operator rules.</summary>
    private IEnumerable<GroupKind> OwnKinds() => _rulesByKind.Keys
        .Concat(_operatorRules.SelectMany(rule => rule.Match.Kinds).Where(kind => kind.IsExact).Select(kind => new GroupKind(kind.Group, kind.Kind)));

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
    /// U6: what the shipped webhook configuration does not route to operator rules (the base's and
    /// every profile's). It routes the kinds of the built-in families; a kind only a rule names must
    /// be added to the webhook's rules (Helm <c>webhook.extraRules</c>, or a kustomize patch), and a
    /// wildcard rule sees only what is routed.
    /// </summary>
    public IReadOnlyList<string> RoutingWarnings => _profiles.Length == 0
        ? _routingWarnings
        : _routingWarnings.Concat(_profiles.SelectMany(profile => profile.Pipeline._routingWarnings.Select(w => $"profile {profile.Name}: {w}"))).Distinct(StringComparer.Ordinal).ToArray();

    /// <summary>The operator rules (U), in file order; they run after every rule of <see cref="Rules"/>.</summary>
    public IReadOnlyList<OperatorRule> OperatorRules => _operatorRules;

    /// <summary>The rules of the base configuration, in the order they run.</summary>
    public IReadOnlyList<IMutationRule> Rules { get; }

    /// <summary>The profiles, in file order (X1).</summary>
    public IReadOnlyList<MutationProfile> Profiles => _profiles;

    /// <summary>The facts the base configuration gives without asking the cluster (SPEC K4: all there is with lookups off); see <see cref="RequestPlan.StaticFacts"/>.</summary>
    public ClusterFacts StaticFacts { get; }

    /// <summary>The restore labels of S1, in the order they are checked.</summary>
    public IReadOnlyList<string> RestoreLabels => _settings.RestoreLabels;

    /// <summary>
    /// Every kind some rule names, in the base or in a profile: what the webhook configuration must
    /// route here. Operator rules with wildcard kinds (<c>apps/*</c>, <c>*</c>) name no kind; they
    /// apply to whatever is routed.
    /// </summary>
    public IReadOnlyCollection<GroupKind> HandledKinds => _handledKinds;

    /// <summary>Whether some rule reads objects of <paramref name="kind"/>, in the base or in a profile (for scope and metrics labels).</summary>
    public bool Handles(GroupKind kind)
    {
        if (_handledKinds.Contains(kind) || OperatorRulesFor(kind).Length > 0)
        {
            return true;
        }

        foreach (var profile in _profiles)
        {
            // A loop, not a lambda: this runs for every review's metrics and must not allocate.
            if (profile.Pipeline.OperatorRulesFor(kind).Length > 0)
            {
                return true;
            }
        }

        return false;
    }

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
    /// (S1, S2), the profile (X1) and the facts the rules that apply need. With profiles, a named
    /// Restore may choose one by annotation: the plan then <see cref="RequestPlan.AwaitsRestore"/>,
    /// the host reads the Restore (K1) and calls <see cref="RequestPlan.Resolve"/> before the other
    /// lookups; until then the globs' choice stands, and it is final when the Restore cannot be read.
    /// </summary>
    public RequestPlan Plan(AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (request.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update)
            || request.SubResource.Length > 0
            || !Handles(request.Kind.GroupKind)
            || RestoreLabelValue(request) is not { } restoreName)
        {
            // S1, S2: only restored objects, only CREATE/UPDATE of the main resource.
            return new RequestPlan(this, this, request, string.Empty, string.Empty, [], [], new FactRequirements());
        }

        var awaitsRestore = _profiles.Length > 0 && restoreName.Length > 0;
        return PlanFor(request, restoreName, TargetNamespace(request), GlobProfile(restoreName), unknownProfile: null, awaitsRestore);
    }

    /// <summary>
    /// The profile for objects of restore <paramref name="restoreName"/> (X1): the one the Restore's
    /// annotation <c>restore-mutator.io/profile</c> names, else the first whose <c>restores</c> glob
    /// matches, else none (the base configuration). An annotation naming no configured profile gives
    /// none, and the name in <paramref name="unknownProfile"/>.
    /// </summary>
    public MutationProfile? SelectProfile(string restoreName, RestoreFacts? restore, out string? unknownProfile)
    {
        ArgumentNullException.ThrowIfNull(restoreName);
        unknownProfile = null;
        if (_profiles.Length == 0)
        {
            return null;
        }

        if (restore is not null && restore.Annotations.TryGetValue(WellKnown.ProfileAnnotation, out var requested) && requested.Length > 0)
        {
            var named = Array.Find(_profiles, profile => string.Equals(profile.Name, requested, StringComparison.Ordinal));
            unknownProfile = named is null ? requested : null;
            return named;
        }

        return GlobProfile(restoreName);
    }

    /// <summary>Plans and decides one request with <paramref name="facts"/> (preview, tests).</summary>
    public AdmissionDecision Run(AdmissionRequest request, ClusterFacts facts) => Run(Plan(request), facts);

    /// <summary>
    /// Decides one planned request. A plan still waiting for the Restore is resolved with
    /// <see cref="ClusterFacts.Restore"/> first (the same choice the host made when it looked up the
    /// facts). Never throws for odd objects; unexpected exceptions propagate to the host (A4).
    /// </summary>
    public AdmissionDecision Run(RequestPlan plan, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(facts);
        if (!plan.InScope)
        {
            // Lookup warnings are irrelevant here, so none are returned.
            return AdmissionDecision.Allow();
        }

        plan = Resolve(plan, facts.Restore);
        if (plan.Rules.Length == 0 && plan.OperatorRules.Length == 0)
        {
            // Only a profile handles this kind, and another configuration applies.
            var none = plan.UnknownProfile is null ? AdmissionDecision.Allow() : AdmissionDecision.Allow(BoundWarnings([UnknownProfileWarning(plan)]));
            return WithProfile(none, plan);
        }

        var warnings = new List<string>(facts.Warnings);
        if (plan.UnknownProfile is not null)
        {
            warnings.Insert(0, UnknownProfileWarning(plan));
        }

        return WithProfile(plan.Pipeline.Decide(plan, facts, warnings), plan);
    }

    /// <summary>The plan with its profile decided from <paramref name="restore"/>; <paramref name="plan"/> itself when already decided.</summary>
    internal RequestPlan Resolve(RequestPlan plan, RestoreFacts? restore)
    {
        if (!plan.AwaitsRestore)
        {
            return plan;
        }

        var profile = SelectProfile(plan.RestoreName, restore, out var unknown);
        return PlanFor(plan.Request, plan.RestoreName, plan.Namespace, profile, unknown, awaitsRestore: false);
    }

    private RequestPlan PlanFor(AdmissionRequest request, string restoreName, string ns, MutationProfile? profile, string? unknownProfile, bool awaitsRestore)
    {
        var pipeline = profile?.Pipeline ?? this;
        var rules = pipeline._rulesByKind.TryGetValue(request.Kind.GroupKind, out var found) ? found : [];
        var facts = new FactRequirements();
        foreach (var rule in rules)
        {
            rule.RequireFacts(request, facts);
        }

        if (awaitsRestore)
        {
            facts.RequireRestore();
        }

        facts.ExceptKnown(pipeline.StaticFacts, restoreNamed: restoreName.Length > 0);
        return new RequestPlan(this, pipeline, request, restoreName, ns, rules, pipeline.OperatorRulesFor(request.Kind.GroupKind), facts, profile, unknownProfile, awaitsRestore);
    }

    private MutationProfile? GlobProfile(string restoreName) => Array.Find(_profiles, profile => profile.Settings.MatchesRestore(restoreName));

    private static string UnknownProfileWarning(RequestPlan plan) =>
        $"restore-mutator: unknown profile {plan.UnknownProfile} named by Restore {plan.RestoreName}; base configuration used";

    private static AdmissionDecision WithProfile(AdmissionDecision decision, RequestPlan plan)
    {
        decision.Profile = plan.Profile ?? string.Empty;
        decision.UnknownProfile = plan.UnknownProfile is not null;
        return decision;
    }

    /// <summary>
    /// Runs this pipeline's rules on a resolved plan. An object whose shape a rule cannot work with
    /// (e.g. <c>metadata.annotations</c> a string) is left unchanged with a warning, wherever that is
    /// found: in a family, in an operator rule, or when the applied annotation is written (S7).
    /// </summary>
    private AdmissionDecision Decide(RequestPlan plan, ClusterFacts facts, List<string> warnings)
    {
        var request = plan.Request;
        try
        {
            return DecideOrThrow(plan, facts, warnings);
        }
        catch (MalformedObjectException e)
        {
            warnings.Add($"restore-mutator left {request.Kind.Kind} {request.DisplayName} unchanged: {e.Message}");
            return AdmissionDecision.Allow(BoundWarnings(warnings));
        }
    }

    private AdmissionDecision DecideOrThrow(RequestPlan plan, ClusterFacts facts, List<string> warnings)
    {
        var request = plan.Request;
        var context = new MutationContext(plan, facts, warnings);
        var families = new List<string>(4);
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
                AddFamily(families, rule.Family);
            }
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
                AddProfile(plan, families);
                return WithRuleChanges(context, families, result, warnings);
            }
        }

        if (context.Patch.Count == 0)
        {
            return WithFindings(AdmissionDecision.Allow(BoundWarnings(warnings)), context);
        }

        AddProfile(plan, families);

        RecordApplied(context, families);
        return WithFindings(AdmissionDecision.Patch(context.Patch.Operations, families.ToArray(), BoundWarnings(warnings)), context);
    }

    /// <summary>
    /// U2: the families' operations, then the minimal operations from the object as the families
    /// left it to the object as the rules left it (the applied annotation included, S7), so the
    /// patch is valid in order and never replaces what no rule replaced. Where the rules undo
    /// what the families did (the object ends as the request carried it, as on the follow-up pass
    /// over a rule that removes a family's annotations), there is no patch at all (S3).
    /// </summary>
    private static AdmissionDecision WithRuleChanges(MutationContext context, List<string> families, OperatorRuleStage.Result result, List<string> warnings)
    {
        foreach (var rule in result.Changed)
        {
            AddFamily(families, rule.Family);
        }

        var document = result.Document!;
        List<PatchOperation> operations;
        if (document.LeavesAppliedAnnotation)
        {
            // The rules left metadata.annotations as the families did: the annotation is written as
            // they write it, after the rules' operations, and nothing along it is built or compared.
            if (document.LeavesRequestAsItWas())
            {
                // Nothing changed, so nothing is recorded either.
                return WithFindings(AdmissionDecision.Allow(BoundWarnings(warnings)), context);
            }

            operations = [.. context.Patch.Operations, .. document.Diff()];
            var familyCount = context.Patch.Count;
            RecordApplied(context, families);
            for (var i = familyCount; i < context.Patch.Count; i++)
            {
                operations.Add(context.Patch.Operations[i]);
            }
        }
        else
        {
            string[][] applied = [["metadata", "annotations", WellKnown.AppliedAnnotation]];
            SetAnnotation(document.Live(applied), WellKnown.AppliedAnnotation, AppliedValue(context, families));
            document.Changed(applied, whole: false);

            // Compared with the annotation written: the rules' view of the annotations differs
            // from the request until it is (an existing applied annotation is hidden from them).
            if (document.LeavesRequestAsItWas())
            {
                return WithFindings(AdmissionDecision.Allow(BoundWarnings(warnings)), context);
            }

            operations = [.. context.Patch.Operations, .. document.Diff()];
        }

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

    /// <summary>A profile by itself changes nothing; on a changed object it is recorded with the families (X1, S7).</summary>
    private static void AddProfile(RequestPlan plan, List<string> families)
    {
        if (plan.Profile is { } profile)
        {
            AddFamily(families, Families.Profile(profile));
        }
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
    private static void RecordApplied(MutationContext context, List<string> families)
    {
        var value = AppliedValue(context, families);
        if (value != context.Annotation(WellKnown.AppliedAnnotation))
        {
            context.Patch.SetAnnotation(WellKnown.AppliedAnnotation, value);
        }
    }

    /// <summary>The S7 value: <paramref name="families"/> merged with those the object already lists.</summary>
    private static string AppliedValue(MutationContext context, List<string> families)
    {
        var existing = context.Annotation(WellKnown.AppliedAnnotation);
        if (existing is null)
        {
            // The usual case (a CREATE of a restored object): no second set to merge into.
            return string.Join(',', families);
        }

        var all = new List<string>(families);
        foreach (var family in existing.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            AddFamily(all, family);
        }

        return string.Join(',', all);
    }

    /// <summary>Adds a family to a sorted list of them (a handful per review: a list costs less than a set).</summary>
    private static void AddFamily(List<string> families, string family)
    {
        var at = families.BinarySearch(family, StringComparer.Ordinal);
        if (at < 0)
        {
            families.Insert(~at, family);
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
