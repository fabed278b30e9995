namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>builds</c> (B1).</summary>
public sealed record BuildSettings
{
    public bool Skip { get; init; } = true;
}
