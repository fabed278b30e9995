using System.CommandLine;
using System.CommandLine.Invocation;
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

    public static RootCommand Create()
    {
        var config = new Option<string?>("--config", $"YAML configuration file (else ${SettingsFile.EnvironmentVariable}, else the embedded local default)");
        var kubeconfig = new Option<string?>("--kubeconfig", "kubeconfig for cluster lookups when running outside a cluster (else $KUBECONFIG)");
        var root = new RootCommand("restore-mutator: a mutating admission webhook that adapts objects restored by Velero/OADP to the destination cluster.");
        root.AddGlobalOption(config);
        root.AddGlobalOption(kubeconfig);
        root.AddCommand(PreviewCommand.Create(config));
        root.SetHandler(async (InvocationContext context) =>
        {
            context.ExitCode = await ServeAsync(
                context.ParseResult.GetValueForOption(config),
                context.ParseResult.GetValueForOption(kubeconfig),
                context.GetCancellationToken());
        });
        return root;
    }

    private static async Task<int> ServeAsync(string? configOption, string? kubeconfig, CancellationToken cancellationToken)
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
                await WriteErrorsAsync($"invalid configuration {configPath}:", result.Errors);
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
            await WriteErrorsAsync("cannot start:", e.Errors);
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

    private static async Task WriteErrorsAsync(string heading, IReadOnlyList<string> errors)
    {
        await Console.Error.WriteLineAsync($"restore-mutator: {heading}");
        foreach (var error in errors)
        {
            await Console.Error.WriteLineAsync($"  - {error}");
        }
    }
}
