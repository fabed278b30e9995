namespace RestoreMutator.Transforms.Configuration;

/// <summary><c>nodes</c> (P5, V2).</summary>
public sealed record NodeSettings
{
    /// <summary>Old node name to new node name.</summary>
    public IReadOnlyDictionary<string, string> Mapping { get; init; } = MutationSettings.EmptyMap;
}
