namespace RestoreMutator.Transforms.Configuration;

/// <summary>What to do with a generated route host (T1).</summary>
public enum GeneratedHostMode
{
    Remove,
    Rewrite,
    Keep,
}
