namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>registry</c> (R1, R2).</summary>
public sealed record RegistrySettings
{
    /// <summary>Destination internal registry host[:port]; empty means discover it (K2).</summary>
    public string Destination { get; init; } = string.Empty;

    public IReadOnlyList<PrefixRewrite> Rewrites { get; init; } = [];
}
