namespace RestoreMutator.Webhook;

/// <summary>Startup cannot go on; <see cref="Errors"/> lists every reason (SPEC C1).</summary>
internal sealed class StartupException : Exception
{
    public StartupException()
    {
        Errors = [];
    }

    public StartupException(string message)
        : base(message)
    {
        Errors = [message];
    }

    public StartupException(string message, Exception innerException)
        : base(message, innerException)
    {
        Errors = [message];
    }

    public StartupException(IReadOnlyList<string> errors)
        : base(string.Join("; ", errors))
    {
        Errors = errors;
    }

    public IReadOnlyList<string> Errors { get; }
}
