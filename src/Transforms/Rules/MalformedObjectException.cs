namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// Thrown by a rule when the object cannot be what its kind says. The pipeline answers such a
/// request allowed, unchanged, with a warning (SPEC A3), rather than as an internal error.
/// </summary>
internal sealed class MalformedObjectException : Exception
{
    public MalformedObjectException()
    {
    }

    public MalformedObjectException(string message)
        : base(message)
    {
    }

    public MalformedObjectException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
