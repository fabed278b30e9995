using RestoreMutator.Fuzz.Targets;

namespace RestoreMutator.Fuzz;

/// <summary>
/// Runs recorded inputs through a target outside AFL++ (from the uninstrumented build) and prints,
/// per file, <c>ok</c> or <c>FAIL &lt;signature&gt; &lt;message&gt;</c>. The signature (exception type,
/// SPEC id of the property, first product frame) lets <c>run.sh</c> keep one input per bug.
/// </summary>
internal static class Replay
{
    public static int Run(FuzzTarget target, IEnumerable<string> files)
    {
        var failed = 0;
        foreach (var file in files)
        {
            try
            {
                target.Check(File.ReadAllBytes(file));
                Console.WriteLine($"ok {file}");
            }
#pragma warning disable CA1031 // Every exception is a finding to report, whatever its type.
            catch (Exception e)
#pragma warning restore CA1031
            {
                failed++;
                Console.WriteLine($"FAIL {Signature(e)} {file} {OneLine(e.Message)}");
            }
        }

        return failed == 0 ? 0 : 1;
    }

    private static string Signature(Exception e)
    {
        var property = e is Properties.PropertyViolationException && e.Message.IndexOf(':', StringComparison.Ordinal) is > 0 and < 12 and var colon
            ? e.Message[..colon]
            : string.Empty;
        var frame = (e.StackTrace ?? string.Empty).Split('\n')
            .Select(line => line.Trim())
            .FirstOrDefault(line => line.StartsWith("at RestoreMutator.", StringComparison.Ordinal) && !line.Contains(".Fuzz.", StringComparison.Ordinal))
            ?? string.Empty;
        var method = frame.Length > 3 ? frame[3..].Split('(')[0] : "none";
        return $"{e.GetType().Name}/{property}/{method}".Replace(' ', '_');
    }

    private static string OneLine(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        return line.Length <= 300 ? line : line[..300] + "...";
    }
}
