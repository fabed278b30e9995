using System.CommandLine;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Cli;

/// <summary>
/// The server's command line (SPEC section 5): <c>--config</c> and <c>--kubeconfig</c>, then serve.
/// The offline <c>preview</c> is a tool of its own (<c>src/Cli</c>).
/// Exit codes: 0 after a clean shutdown, 2 for invalid configuration or certificates.
/// </summary>
internal static class WebhookCommandLine
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
        ConfigFileRead? configFile = null;
        if (configPath is null)
        {
            snapshot = ConfigSnapshot.Create(SettingsFile.EmbeddedDefault(), "embedded default");
        }
        else
        {
            var result = SettingsFile.Load(configPath, out configFile);
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
            app = WebhookApplication.Build(new WebhookStartup(snapshot, configFile, kubeconfig));
            WebhookApplication.LoadCertificates(app);
            ListenAddressCheck.Ensure(snapshot.Settings.Server);
            await app.StartAsync();
        }
        catch (Exception e) when (e is StartupException || (e is IOException && SocketError(e) is not null))
        {
            // Operator errors are one line each and exit status 2, never a stack trace (SPEC C8).
            // IOException: the port was taken between the check and Kestrel's own bind.
            var problems = e is StartupException startup
                ? startup.Errors
                : [ListenAddressCheck.Describe(snapshot.Settings.Server, SocketError(e)!)];
            await WriteErrorsAsync(errors, "cannot start:", problems);
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

    private static async Task WriteErrorsAsync(TextWriter output, string heading, IReadOnlyList<string> errors)
    {
        if (errors.Count == 1)
        {
            await output.WriteLineAsync($"restore-mutator: {heading} {errors[0]}");
            return;
        }

        await output.WriteLineAsync($"restore-mutator: {heading}");
        foreach (var error in errors)
        {
            await output.WriteLineAsync($"  - {error}");
        }
    }
}
