using System.CommandLine;
using System.CommandLine.IO;
using RestoreMutator.Webhook.Cli;

namespace RestoreMutator.Webhook.Tests.Preview;

/// <summary>Runs the real command line in-process with a captured console.</summary>
public static class PreviewCli
{
    public static async Task<PreviewRun> RunAsync(params string[] args) => await RunAsync(redirected: true, args);

    public static async Task<PreviewRun> RunAsync(bool redirected, params string[] args)
    {
        var console = new CapturingConsole(redirected);
        var exit = await WebhookCommandLine.Create().InvokeAsync(args, console);
        return new PreviewRun(exit, console.Out.ToString()!, console.Error.ToString()!);
    }

    private sealed class CapturingConsole : TestConsole
    {
        public CapturingConsole(bool redirected)
        {
            IsOutputRedirected = redirected;
        }
    }
}

/// <summary>Exit status and captured output of one run.</summary>
public sealed record PreviewRun(int ExitCode, string Output, string Error)
{
    /// <summary>The JSON Lines records of <c>--output json</c>.</summary>
    public IReadOnlyList<System.Text.Json.Nodes.JsonObject> Records =>
        Output.Split('\n', StringSplitOptions.RemoveEmptyEntries).Select(line => System.Text.Json.Nodes.JsonNode.Parse(line)!.AsObject()).ToList();
}
