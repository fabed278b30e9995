using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Preview;

namespace RestoreMutator.Webhook.Cli;

/// <summary>
/// The command line: running with no sub-command serves the webhook; <c>preview</c> previews a
/// restore offline (SPEC section 5, C6).
/// Exit codes: 0 after a clean shutdown, 2 for invalid configuration or certificates.
/// </summary>
public static class WebhookCommandLine
{
    public const int ExitInvalidInput = 2;

    /// <summary>Parses <paramref name="args"/> and runs the command, writing to <paramref name="console"/> (default: the process's streams).</summary>
    public static async Task<int> InvokeAsync(string[] args, CommandConsole? console = null)
    {
        console ??= CommandConsole.System();
        try
        {
            var invocation = new InvocationConfiguration
            {
                Output = console.Out,
                Error = console.Error,
                // System.CommandLine would otherwise handle SIGTERM itself and end the process two
                // seconds later, cutting the graceful drain short (SPEC C5); the host handles it.
                ProcessTerminationTimeout = null,
            };
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
            Description = $"YAML configuration file (else ${SettingsFile.EnvironmentVariable}, else the embedded local default)",
            Recursive = true,
        };
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "kubeconfig for cluster lookups when running outside a cluster (else $KUBECONFIG)",
            Recursive = true,
        };
        var root = new RootCommand("restore-mutator: a mutating admission webhook that adapts objects restored by Velero/OADP to the destination cluster.");
        root.Options.Add(config);
        root.Options.Add(kubeconfig);
        root.Subcommands.Add(PreviewCommand.Create(config, console));
        root.SetAction((result, cancellationToken) => ServeAsync(result.GetValue(config), result.GetValue(kubeconfig), console));
        return root;
    }

    private static async Task<int> ServeAsync(string? configOption, string? kubeconfig, CommandConsole console)
    {
        var configPath = SettingsFile.ResolvePath(configOption);
        ConfigSnapshot snapshot;
        if (configPath is null)
        {
            snapshot = ConfigSnapshot.Create(SettingsFile.EmbeddedDefault(), "embedded default");
        }
        else
        {
            var result = SettingsFile.Load(configPath);
            if (!result.Succeeded)
            {
                await WriteErrorsAsync(console, $"invalid configuration {configPath}:", result.Errors);
                return ExitInvalidInput;
            }

            snapshot = ConfigSnapshot.Create(result.Settings!, configPath);
        }

        WebApplication? app = null;
        try
        {
            app = WebhookApplication.Build(new WebhookStartup(snapshot, configPath, kubeconfig));
            WebhookApplication.LoadCertificates(app);
        }
        catch (StartupException e)
        {
            await WriteErrorsAsync(console, "cannot start:", e.Errors);
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            return ExitInvalidInput;
        }

        // SIGTERM and Ctrl+C stop the host gracefully: readiness turns false, in-flight requests finish (SPEC C5).
        await app.RunAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static async Task WriteErrorsAsync(CommandConsole console, string heading, IReadOnlyList<string> errors)
    {
        await console.Error.WriteLineAsync($"restore-mutator: {heading}");
        foreach (var error in errors)
        {
            await console.Error.WriteLineAsync($"  - {error}");
        }
    }
}
