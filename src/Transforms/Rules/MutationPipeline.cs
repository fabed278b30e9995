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
    private readonly FrozenSet<GroupKind> _handledKinds;
    private readonly MutationProfile[] _profiles;
    private readonly MutationSettings _settings;

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

        _handledKinds = _rulesByKind.Keys.Concat(_profiles.SelectMany(profile => profile.Pipeline._rulesByKind.Keys)).ToFrozenSet();
    }

    /// <summary>The rules of the base configuration, in the order they run.</summary>
    public IReadOnlyList<IMutationRule> Rules { get; }

    /// <summary>The profiles, in file order (X1).</summary>
    public IReadOnlyList<MutationProfile> Profiles => _profiles;

    /// <summary>The facts the base configuration gives without asking the cluster (SPEC K4: all there is with lookups off); see <see cref="RequestPlan.StaticFacts"/>.</summary>
    public ClusterFacts StaticFacts { get; }

    /// <summary>The restore labels of S1, in the order they are checked.</summary>
    public IReadOnlyList<string> RestoreLabels => _settings.RestoreLabels;

    /// <summary>Every kind some rule reads, in the base or in a profile: what the webhook configuration must route here.</summary>
    public IReadOnlyCollection<GroupKind> HandledKinds => _handledKinds;

    /// <summary>Whether some rule reads objects of <paramref name="kind"/> (allocation-free, for metrics labels).</summary>
    public bool Handles(GroupKind kind) => _handledKinds.Contains(kind);

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
            || !_handledKinds.Contains(request.Kind.GroupKind)
            || RestoreLabelValue(request) is not { } restoreName)
        {
            // S1, S2: only restored objects, only CREATE/UPDATE of the main resource.
            return new RequestPlan(this, this, request, string.Empty, string.Empty, [], new FactRequirements());
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
        if (plan.Rules.Length == 0)
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
        return new RequestPlan(this, pipeline, request, restoreName, ns, rules, facts, profile, unknownProfile, awaitsRestore);
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

    /// <summary>Runs this pipeline's rules on a resolved plan.</summary>
    private AdmissionDecision Decide(RequestPlan plan, ClusterFacts facts, List<string> warnings)
    {
        var request = plan.Request;
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

        if (plan.Profile is { } profile)
        {
            // A profile by itself changes nothing; on a changed object it is recorded with the families (X1, S7).
            families.Add(Families.Profile(profile));
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
