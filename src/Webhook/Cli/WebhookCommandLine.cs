using System.CommandLine;
using Microsoft.AspNetCore.Builder;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Cli;

/// <summary>
/// The server's command line (SPEC section 5): <c>--config</c> and <c>--kubeconfig</c>, then serve.
/// The offline <c>preview</c> is a tool of its own (<c>src/Cli</c>).
/// Exit codes: 0 after a clean shutdown, 2 for invalid configuration or certificates.
/// </summary>
public static class WebhookCommandLine
{
    public const int ExitInvalidInput = 2;

    /// <summary>Parses <paramref name="args"/> and runs the server (or prints help or a usage error).</summary>
    public static async Task<int> InvokeAsync(string[] args)
    {
        var invocation = new InvocationConfiguration
        {
            // System.CommandLine would otherwise handle SIGTERM itself and end the process two
            // seconds later, cutting the graceful drain short (SPEC C5); the host handles it.
            ProcessTerminationTimeout = null,
        };
        return await Create(Console.Error).Parse(args).InvokeAsync(invocation);
    }

    public static RootCommand Create(TextWriter errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        var config = new Option<string?>("--config")
        {
            Description = $"YAML configuration file (else ${SettingsFile.EnvironmentVariable}, else the embedded local default)",
        };
        var kubeconfig = new Option<string?>("--kubeconfig")
        {
            Description = "kubeconfig for cluster lookups when running outside a cluster (else $KUBECONFIG)",
        };
        var root = new RootCommand("restore-mutator: a mutating admission webhook that adapts objects restored by Velero/OADP to the destination cluster.");
        root.Options.Add(config);
        root.Options.Add(kubeconfig);
        root.SetAction((result, cancellationToken) => ServeAsync(result.GetValue(config), result.GetValue(kubeconfig), errors));
        return root;
    }

    private static async Task<int> ServeAsync(string? configOption, string? kubeconfig, TextWriter errors)
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
                await WriteErrorsAsync(errors, $"invalid configuration {configPath}:", result.Errors);
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
            await WriteErrorsAsync(errors, "cannot start:", e.Errors);
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

    private static async Task WriteErrorsAsync(TextWriter output, string heading, IReadOnlyList<string> errors)
    {
        await output.WriteLineAsync($"restore-mutator: {heading}");
        foreach (var error in errors)
        {
            await output.WriteLineAsync($"  - {error}");
        }
    }
}
