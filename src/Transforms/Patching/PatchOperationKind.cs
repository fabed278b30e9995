namespace RestoreMutator.Transforms.Patching;

/// <summary>The RFC 6902 operations the webhook emits. It never emits move, copy or test.</summary>
public enum PatchOperationKind
{
    Add,
    Remove,
    Replace,
}
