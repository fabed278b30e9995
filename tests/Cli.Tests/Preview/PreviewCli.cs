using RestoreMutator.Cli;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>Runs the real command line in-process with a captured console.</summary>
public static class PreviewCli
{
    public static async Task<PreviewRun> RunAsync(params string[] args) => await RunAsync(redirected: true, args);

    public static async Task<PreviewRun> RunAsync(bool redirected, params string[] args)
    {
        using var output = new StringWriter { NewLine = "\n" };
        using var error = new StringWriter { NewLine = "\n" };
        var exit = await CliCommandLine.InvokeAsync(args, new CommandConsole(output, error, redirected));
        return new PreviewRun(exit, output.ToString(), error.ToString());
    }
}
