using Spectre.Console;

namespace RestoreMutator.Cli.Preview;

/// <summary>A Spectre console over any <see cref="TextWriter"/>, so tests capture exactly what users see.</summary>
internal static class PreviewConsole
{
    /// <summary>
    /// Lines are not folded by Spectre at an assumed width of 80 when the output is a file or a
    /// pipe: a diff line must stay one line. A terminal folds long lines itself.
    /// </summary>
    public const int Width = 4096;

    public static IAnsiConsole Create(TextWriter writer, bool color)
    {
        var console = AnsiConsole.Create(new AnsiConsoleSettings
        {
            Ansi = color ? AnsiSupport.Yes : AnsiSupport.No,
            ColorSystem = color ? ColorSystemSupport.Standard : ColorSystemSupport.NoColors,
            Interactive = InteractionSupport.No,
            Out = new AnsiConsoleOutput(writer),
            Enrichment = new ProfileEnrichment { UseDefaultEnrichers = false },
        });
        console.Profile.Width = Width;
        return console;
    }
}
