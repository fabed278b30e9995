using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// What one admission request is, decided once before anything is looked up: whether the webhook
/// changes it at all (S1, S2), the restore it belongs to, its target namespace, the rules that apply
/// and the cluster facts they need. The host supplies those facts and hands the plan back to
/// <see cref="MutationPipeline.Run(RequestPlan, ClusterFacts)"/>: parse, plan, look up, apply, answer.
/// </summary>
public sealed class RequestPlan
{
    private readonly MutationPipeline _owner;
    private readonly MutationProfile? _profile;

    internal RequestPlan(MutationPipeline owner, MutationPipeline pipeline, AdmissionRequest request, string restoreName, string ns, IMutationRule[] rules,
        OperatorRules.OperatorRule[] operatorRules, FactRequirements facts, MutationProfile? profile = null, string? unknownProfile = null, bool awaitsRestore = false)
    {
        _owner = owner;
        _profile = profile;
        Pipeline = pipeline;
        Request = request;
        RestoreName = restoreName;
        Namespace = ns;
        Rules = rules;
        OperatorRules = operatorRules;
        Facts = facts;
        UnknownProfile = unknownProfile;
        AwaitsRestore = awaitsRestore;
    }

    public AdmissionRequest Request { get; }

    /// <summary>
    /// Whether the rules run: a restored object (S1) of a kind some rule reads, CREATE or UPDATE of
    /// the main resource (S2); or the profile is still to be chosen and some profile reads the kind.
    /// </summary>
    public bool InScope => Rules.Length > 0 || OperatorRules.Length > 0 || AwaitsRestore;

    /// <summary>The value of the first configured restore label the object carries (Velero's normalised Restore name); empty out of scope.</summary>
    public string RestoreName { get; }

    /// <summary>The target namespace (already mapped by Velero); empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    /// <summary>The cluster facts the rules of this request read; empty out of scope.</summary>
    public FactRequirements Facts { get; }

    /// <summary>
    /// The profile in force (X1), or null for the base configuration. While <see cref="AwaitsRestore"/>,
    /// the one the globs choose, which the Restore's annotation may still replace.
    /// </summary>
    public string? Profile => _profile?.Name;

    /// <summary>A profile the Restore's annotation named that the configuration does not have (base configuration and a warning, X1).</summary>
    public string? UnknownProfile { get; }

    /// <summary>
    /// Whether the profile depends on the Restore's annotation (X1: profiles are configured and the
    /// restore label names a Restore). <see cref="Facts"/> then asks for the Restore (K1); the host
    /// reads it first and calls <see cref="Resolve"/>, whose facts are those of the chosen profile.
    /// </summary>
    public bool AwaitsRestore { get; }

    /// <summary>The facts the configuration in force for this request gives without asking the cluster (the chosen profile's, K2, K4).</summary>
    public ClusterFacts StaticFacts => Pipeline.StaticFacts;

    /// <summary>The plan with the profile chosen from the Restore as K1 read it (null: not read); this plan when nothing waits.</summary>
    public RequestPlan Resolve(RestoreFacts? restore) => _owner.Resolve(this, restore);

    /// <summary>The pipeline of the configuration in force (the base's, or the profile's).</summary>
    internal MutationPipeline Pipeline { get; }

    internal IMutationRule[] Rules { get; }

    /// <summary>The operator rules (U) whose kinds match, in file order; their other conditions are checked when they run.</summary>
    internal OperatorRules.OperatorRule[] OperatorRules { get; }
}
