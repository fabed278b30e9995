using System.CommandLine;
using System.Net.Sockets;
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
            ListenAddressCheck.Ensure(snapshot.Settings.Server);
            await app.StartAsync();
        }
        catch (Exception e) when (e is StartupException || (e is IOException && SocketError(e) is not null))
        {
            // Operator errors are one line each and exit status 2, never a stack trace (SPEC C8).
            // IOException: the port was taken between the check and Kestrel's own bind.
            var errors = e is StartupException startup
                ? startup.Errors
                : [ListenAddressCheck.Describe(snapshot.Settings.Server, SocketError(e)!)];
            await WriteErrorsAsync(console, "cannot start:", errors);
            if (app is not null)
            {
                await app.DisposeAsync();
            }

            return ExitInvalidInput;
        }

        // Listening now: only a server that started writes files (the development CA, SPEC C8).
        WebhookApplication.Started(app);

        // SIGTERM and Ctrl+C stop the host gracefully: readiness turns false, in-flight requests finish (SPEC C5).
        await app.WaitForShutdownAsync();
        await app.DisposeAsync();
        return 0;
    }

    private static SocketException? SocketError(Exception e)
    {
        for (var inner = e.InnerException; inner is not null; inner = inner.InnerException)
        {
            if (inner is SocketException socket)
            {
                return socket;
            }
        }

        return null;
    }

    private static async Task WriteErrorsAsync(CommandConsole console, string heading, IReadOnlyList<string> errors)
    {
        if (errors.Count == 1)
        {
            await console.Error.WriteLineAsync($"restore-mutator: {heading} {errors[0]}");
            return;
        }

        await console.Error.WriteLineAsync($"restore-mutator: {heading}");
        foreach (var error in errors)
        {
            await console.Error.WriteLineAsync($"  - {error}");
        }
    }
}
