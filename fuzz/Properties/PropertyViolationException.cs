namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// A broken property: the product answered, but not as SPEC says it must. Thrown (never caught by
/// the fuzz targets) so AFL++ records the input as a crash, and the regression tests fail on it.
/// </summary>
public sealed class PropertyViolationException : Exception
{
    public PropertyViolationException()
    {
    }

    public PropertyViolationException(string message)
        : base(message)
    {
    }

    public PropertyViolationException(string message, Exception inner)
        : base(message, inner)
    {
    }

    /// <summary>Throws when <paramref name="condition"/> is false.</summary>
    public static void Require(bool condition, string property)
    {
        if (!condition)
        {
            throw new PropertyViolationException(property);
        }
    }
}
