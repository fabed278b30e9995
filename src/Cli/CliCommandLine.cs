using System.CommandLine;
using RestoreMutator.Cli.Preview;

namespace RestoreMutator.Cli;

/// <summary>
/// The operator's command line (SPEC section 5): <c>preview</c> shows what the webhook would do to a
/// restore, offline; <c>report</c> reads what it did (X3). It shares the webhook's rules and
/// configuration format, not its server. Exit codes: 0, 1 when <c>report</c> finds no report, or 2
/// for invalid configuration, flags or input.
/// </summary>
internal static class CliCommandLine
{
    public const int ExitInvalidInput = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to <paramref name="console"/> (default: the process's streams).</summary>
    public static async Task<int> InvokeAsync(string[] args, CommandConsole? console = null)
    {
        console ??= CommandConsole.System();
        try
        {
            var invocation = new InvocationConfiguration { Output = console.Out, Error = console.Error };
            return await Create(console).Parse(args).InvokeAsync(invocation);
        }
        finally
        {
            await console.Out.FlushAsync();
        }
    }

    public static RootCommand Create(CommandConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var config = new Option<string?>("--config")
        {
            Description = $"YAML configuration file, the webhook's own (else ${ConfigFile.EnvironmentVariable}, else the SPEC defaults)",
            Recursive = true,
        };
        var root = new RootCommand("restore-mutator: preview what the webhook does to the objects of a Velero restore, offline, and read the report it kept of a restore.");
        root.Options.Add(config);
        root.Subcommands.Add(PreviewCommand.Create(config, console));
        root.Subcommands.Add(Reports.ReportCommand.Create(config, console));
        return root;
    }
}
