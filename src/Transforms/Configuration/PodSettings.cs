namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>pods</c> (P1, P2).</summary>
public sealed record PodSettings
{
    public bool SkipManaged { get; init; } = true;

    public bool SkipBuildPods { get; init; } = true;
}
