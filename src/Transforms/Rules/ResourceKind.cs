using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Rules;

/// <summary>A kind the rules handle, with the plural resource name a webhook rule must list.</summary>
public sealed record ResourceKind(string Group, string Kind, string Resource, bool Namespaced = true)
{
    public GroupKind GroupKind => new(Group, Kind);

    /// <inheritdoc />
    public override string ToString() => GroupKind.ToString();
}
