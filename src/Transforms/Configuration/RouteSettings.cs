namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>routes</c> (T1, T2).</summary>
public sealed record RouteSettings
{
    public GeneratedHostMode GeneratedHosts { get; init; } = GeneratedHostMode.Remove;

    /// <summary>Apps domain of the destination; empty means discover it (K2).</summary>
    public string DestinationDomain { get; init; } = string.Empty;

    public IReadOnlyList<PrefixRewrite> DomainRewrites { get; init; } = [];
}
