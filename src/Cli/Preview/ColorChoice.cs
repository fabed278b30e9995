namespace RestoreMutator.Cli.Preview;

/// <summary>Whether text output is coloured: only on a terminal, and not when the user opted out.</summary>
internal static class ColorChoice
{
    /// <summary>
    /// Off for <c>--no-color</c>, for <c>NO_COLOR</c> set to anything non-empty (no-color.org), and
    /// when the output is redirected (a file or pipe should not receive escape codes).
    /// </summary>
    public static bool Decide(bool noColorFlag, string? noColorEnvironment, bool outputRedirected) =>
        !noColorFlag && string.IsNullOrEmpty(noColorEnvironment) && !outputRedirected;
}
