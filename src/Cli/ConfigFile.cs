using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Cli;

/// <summary>
/// The webhook's configuration file, read for the offline commands: the mutation sections are
/// validated exactly as the server does; the server's own sections (listening, TLS, lookups,
/// where Velero lives) are the server's business and are not checked here.
/// </summary>
internal static class ConfigFile
{
    /// <summary>The environment variable the server reads when <c>--config</c> is not given (SPEC C1).</summary>
    public const string EnvironmentVariable = "RESTORE_MUTATOR_CONFIG";

    /// <summary>Top-level sections that only the server reads.</summary>
    private static readonly string[] ServerSections = ["server", "velero", "lookups", "report"];

    /// <summary>The config path from the command line, else the environment, else null (the SPEC defaults).</summary>
    public static string? ResolvePath(string? commandLinePath)
    {
        if (!string.IsNullOrWhiteSpace(commandLinePath))
        {
            return commandLinePath;
        }

        var fromEnvironment = Environment.GetEnvironmentVariable(EnvironmentVariable);
        return string.IsNullOrWhiteSpace(fromEnvironment) ? null : fromEnvironment;
    }

    /// <summary>Reads and validates a config file; every problem is listed.</summary>
    public static SettingsLoadResult Load(string path)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return new SettingsLoadResult(null, [$"cannot read config file {path}: {e.Message}"]);
        }

        return SettingsLoader.Load(text, root => root.Ignore(ServerSections), RestoreMutator.Webhook.Configuration.ReferencedFiles.RelativeTo(path));
    }

    /// <summary>
    /// <c>velero.namespace</c> of a config file (where the server keeps restore reports, SPEC X2),
    /// <c>velero</c> when unset; null with <paramref name="errors"/> when the file cannot be used.
    /// </summary>
    public static string? VeleroNamespace(string path, out IReadOnlyList<string> errors)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors = [$"cannot read config file {path}: {e.Message}"];
            return null;
        }

        var ns = "velero";
        var result = SettingsLoader.Load(text, root =>
        {
            root.Ignore("server", "lookups", "report");
            var velero = root.Section("velero");
            ns = velero.String("namespace", ns);
            velero.RejectUnknownKeys();
            if (!KubernetesNames.IsDnsLabel(ns))
            {
                velero.Error("namespace", $"'{ns}' is not a valid namespace name");
            }
        });
        errors = result.Errors;
        return result.Succeeded ? ns : null;
    }
}
