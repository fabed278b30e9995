using System.Text;

namespace RestoreMutator.Cli;

/// <summary>
/// Where a command writes: the process's own streams, or writers a test captures. Whether the
/// output is redirected decides colour (<see cref="Preview.ColorChoice"/>).
/// </summary>
internal sealed record CommandConsole(TextWriter Out, TextWriter Error, bool IsOutputRedirected)
{
    /// <summary>
    /// The process's standard streams. Standard output is a large buffered UTF-8 stream: a preview
    /// of a whole backup writes thousands of objects, and <see cref="Console.Out"/> flushes every write.
    /// </summary>
    public static CommandConsole System() => new(
        new StreamWriter(Console.OpenStandardOutput(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false, NewLine = "\n" },
        Console.Error,
        Console.IsOutputRedirected);
}
