namespace RestoreMutator.Transforms.Admission;

/// <summary>The <c>kind</c> of an admission request (group is empty for the core group).</summary>
public readonly record struct GroupVersionKind(string Group, string Version, string Kind)
{
    /// <summary>The group and kind, without version.</summary>
    public GroupKind GroupKind => new(Group, Kind);

    /// <inheritdoc />
    public override string ToString() => Group.Length == 0 ? $"{Version}/{Kind}" : $"{Group}/{Version}/{Kind}";
}
