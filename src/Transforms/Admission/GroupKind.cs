namespace RestoreMutator.Transforms.Admission;

/// <summary>A kind within an API group; versions do not matter to the rules.</summary>
public readonly record struct GroupKind(string Group, string Kind)
{
    /// <inheritdoc />
    public override string ToString() => Group.Length == 0 ? Kind : $"{Kind}.{Group}";
}
