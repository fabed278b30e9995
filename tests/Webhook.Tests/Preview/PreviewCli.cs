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
