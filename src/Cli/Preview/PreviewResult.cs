using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Cli.Preview;

/// <summary>The preview of one object: what the webhook decided and, when changed, the object before and after.</summary>
internal sealed record PreviewResult
{
    public required string Source { get; init; }
    public required string ApiVersion { get; init; }
    public required string Kind { get; init; }
    /// <summary>The target namespace (after the namespace mapping); empty for cluster-scoped objects.</summary>
    public required string Namespace { get; init; }
    /// <summary>The namespace in the input; differs from <see cref="Namespace"/> when mapped.</summary>
    public required string SourceNamespace { get; init; }
    public required string Name { get; init; }
    public required PreviewDecision Decision { get; init; }
    /// <summary>Why: the skip reason, the families applied, or why nothing changed.</summary>
    public required string Reason { get; init; }
    public IReadOnlyList<string> Families { get; init; } = [];
    /// <summary>The operator rules (U) that changed the object, or the one that skipped it.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];
    public IReadOnlyList<PatchOperation> Operations { get; init; } = [];
    public IReadOnlyList<string> Warnings { get; init; } = [];
    /// <summary>The profile whose configuration decided the object (X1); empty for the base configuration.</summary>
    public string Profile { get; init; } = string.Empty;

    /// <summary>The short skip code (<c>managed-pod</c>), for the report's counts by reason; empty unless skipped.</summary>
    public string SkipCode { get; init; } = string.Empty;
    /// <summary>How the webhook answers a skip, e.g. <c>409 AlreadyExists</c>; empty otherwise.</summary>
    public string Answer { get; init; } = string.Empty;
    /// <summary>The object as the webhook receives it (restore label left out); null unless changed.</summary>
    public JsonNode? Before { get; init; }
    /// <summary>The object as it would be created; null unless changed.</summary>
    public JsonNode? After { get; init; }

    /// <summary><c>namespace/name</c>, or the name of a cluster-scoped object.</summary>
    public string DisplayName => Namespace.Length == 0 ? Name : $"{Namespace}/{Name}";
}
