using System.Reflection;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>Where the configuration comes from: a file (watched), or the embedded default.</summary>
internal static class SettingsFile
{
    /// <summary>The environment variable naming the config file when <c>--config</c> is not given (SPEC C1).</summary>
    public const string EnvironmentVariable = "RESTORE_MUTATOR_CONFIG";

    /// <summary>The config path from the command line, else the environment, else null (embedded default).</summary>
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
    public static WebhookSettingsLoadResult Load(string path) => Load(path, out _);

    /// <summary>
    /// As <see cref="Load(string)"/>, and says what the load read (null when the file itself could
    /// not be read): the server watches exactly those bytes, so an edit made after this load is a
    /// change to it even if it lands before the watch starts (C1).
    /// </summary>
    public static WebhookSettingsLoadResult Load(string path, out ConfigFileRead? read)
    {
        read = null;
        byte[] content;
        try
        {
            content = File.ReadAllBytes(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Callers name the path; the reason is said in words, not as the exception's sentence.
            var reason = e switch
            {
                FileNotFoundException or DirectoryNotFoundException => "no such file",
                UnauthorizedAccessException when Directory.Exists(path) => "it is a directory, not a file",
                UnauthorizedAccessException => "permission denied",
                _ => e.Message,
            };
            return new WebhookSettingsLoadResult(null, [$"cannot read the file: {reason}"]);
        }

        return Load(path, content, out read);
    }

    /// <summary>
    /// Validates <paramref name="content"/> as the config file at <paramref name="path"/> (whose
    /// directory <c>resourceModifiers</c> paths are relative to), reading the files it names.
    /// </summary>
    public static WebhookSettingsLoadResult Load(string path, byte[] content, out ConfigFileRead read)
    {
        var files = new List<ReferencedFile>();
        var result = WebhookSettingsLoader.Load(ReferencedFiles.Decode(content), ReferencedFiles.RelativeTo(path, files));
        read = new ConfigFileRead(path, content, files);
        return result;
    }

    /// <summary>The embedded default configuration (local try-out).</summary>
    public static WebhookSettings EmbeddedDefault()
    {
        using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("default-config.yaml")
            ?? throw new InvalidOperationException("embedded default-config.yaml is missing from the build");
        using var reader = new StreamReader(stream);
        var result = WebhookSettingsLoader.Load(reader.ReadToEnd());
        return result.Settings ?? throw new InvalidOperationException("embedded default config is invalid: " + string.Join("; ", result.Errors));
    }
}

/// <summary>What one load of a config file read: the config's bytes and each file it named, as read.</summary>
internal sealed record ConfigFileRead(string Path, byte[] Content, IReadOnlyList<ReferencedFile> Files);
