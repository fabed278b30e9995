namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// One restored object as the report lists it (a line of <c>objects.jsonl</c>, SPEC X2), and what
/// it adds to the summary.
/// </summary>
public sealed record ReportObject
{
    /// <summary>The kind with its API group, as kubectl prints it (<c>Deployment.apps</c>; core kinds alone).</summary>
    public required string Kind { get; init; }

    /// <summary>Target namespace; empty for cluster-scoped objects.</summary>
    public required string Namespace { get; init; }

    public required string Name { get; init; }

    /// <summary>The admission operation that decided the entry (<c>CREATE</c>).</summary>
    public required string Operation { get; init; }

    public required ReportDecision Decision { get; init; }

    /// <summary>Behaviour families that changed the object (S7), <c>rule:&lt;name&gt;</c> and <c>profile:&lt;name&gt;</c> entries included.</summary>
    public IReadOnlyList<string> Families { get; init; } = [];

    /// <summary>How many JSON Patch operations the answer carried.</summary>
    public int Operations { get; init; }

    /// <summary>The short skip code (<c>managed-pod</c>); empty unless skipped.</summary>
    public string SkipCode { get; init; } = string.Empty;

    /// <summary>Why it was skipped (or, for an error, the error message); empty otherwise.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>The warnings of the answer. Counted in the summary; not written to <c>objects.jsonl</c>.</summary>
    public IReadOnlyList<string> Warnings { get; init; } = [];

    /// <summary><c>namespace/name</c>, or the name of a cluster-scoped object.</summary>
    public string DisplayName => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";

    /// <summary>The kind label for <paramref name="kind"/> in API group <paramref name="group"/> (empty for core).</summary>
    public static string KindLabel(string group, string kind) => string.IsNullOrEmpty(group) ? kind : $"{kind}.{group}";
}
