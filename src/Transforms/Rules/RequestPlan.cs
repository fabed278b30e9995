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
    internal RequestPlan(AdmissionRequest request, string restoreName, string ns, IMutationRule[] rules, OperatorRules.OperatorRule[] operatorRules, FactRequirements facts)
    {
        Request = request;
        RestoreName = restoreName;
        Namespace = ns;
        Rules = rules;
        OperatorRules = operatorRules;
        Facts = facts;
    }

    public AdmissionRequest Request { get; }

    /// <summary>Whether the rules run: a restored object (S1) of a kind some rule reads, CREATE or UPDATE of the main resource (S2).</summary>
    public bool InScope => Rules.Length > 0 || OperatorRules.Length > 0;

    /// <summary>The value of the first configured restore label the object carries (Velero's normalised Restore name); empty out of scope.</summary>
    public string RestoreName { get; }

    /// <summary>The target namespace (already mapped by Velero); empty for cluster-scoped objects.</summary>
    public string Namespace { get; }

    /// <summary>The cluster facts the rules of this request read; empty out of scope.</summary>
    public FactRequirements Facts { get; }

    internal IMutationRule[] Rules { get; }

    /// <summary>The operator rules (U) whose kinds match, in file order; their other conditions are checked when they run.</summary>
    internal OperatorRules.OperatorRule[] OperatorRules { get; }
}
