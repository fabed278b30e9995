using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Cli.Preview.Inputs;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// The <c>preview</c> command (SPEC C6): loads the config as the server does (its mutation sections), previews every
/// input object and prints a summary. Exit status 0, or 2 when the config, a flag or any input
/// could not be read (every problem is listed on the error writer; readable inputs are still
/// previewed).
/// </summary>
public static class PreviewRunner
{
    public static int Run(PreviewOptions options, TextWriter output, TextWriter error) => Run(options, output, error, rules: null);

    /// <summary>As <see cref="Run(PreviewOptions, TextWriter, TextWriter)"/>; tests may replace the rule list to observe what the rules receive.</summary>
    internal static int Run(PreviewOptions options, TextWriter output, TextWriter error, Func<MutationSettings, IReadOnlyList<IMutationRule>>? rules)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(output);
        ArgumentNullException.ThrowIfNull(error);
        var errors = new List<string>();
        var configPath = ConfigFile.ResolvePath(options.ConfigPath);
        MutationSettings? settings;
        if (configPath is null)
        {
            settings = new MutationSettings();
        }
        else
        {
            var loaded = ConfigFile.Load(configPath);
            settings = loaded.Settings;
            errors.AddRange(loaded.Errors.Select(e => $"invalid configuration {configPath}: {e}"));
        }

        if (!IsLabelValue(options.RestoreName))
        {
            errors.Add($"--restore: '{RestoreMutator.Transforms.Diagnostics.SafeText.Sanitize(options.RestoreName, 80)}' is not a restore label value (at most 63 characters of A-Z, a-z, 0-9, '-', '_', '.', starting and ending with a letter or digit)");
        }

        var mapping = NamespaceMappingOption.Merge(settings?.NamespaceMapping ?? new Dictionary<string, string>(), options.NamespaceMappings, errors);
        var (files, missing) = InputExpander.Expand(options.Paths);
        errors.AddRange(missing);
        if (settings is null || errors.Count > 0)
        {
            foreach (var message in errors)
            {
                error.WriteLine($"restore-mutator preview: {message}");
            }

            return CliCommandLine.ExitInvalidInput;
        }

        // The same pipeline and facts the server builds from this config; lookups are off, so the
        // static facts are all there is, with this restore's namespace mapping on top (SPEC C6, K4).
        var pipeline = rules is null ? RuleCatalog.CreatePipeline(settings) : new MutationPipeline(settings, rules(settings));
        var facts = pipeline.StaticFacts with { NamespaceMapping = mapping };
        foreach (var warning in pipeline.RoutingWarnings)
        {
            // Preview runs every rule on every kind it reads; the cluster only sends what is routed (U6).
            error.WriteLine($"restore-mutator preview: warning: {warning}");
        }

        var previewer = new ObjectPreviewer(pipeline, facts, new RestoreSimulation(mapping, settings.RestoreLabels, options.RestoreName));
        IPreviewReport report = options.Format == PreviewFormat.Json
            ? new JsonPreviewReport(output)
            : new TextPreviewReport(PreviewConsole.Create(output, options.Color));
        var session = new PreviewSession(previewer, report, error);
        foreach (var file in files)
        {
            file.Read(session);
        }

        report.Complete(session.Summary);
        output.Flush();
        error.Flush();
        return session.Summary.InputErrors > 0 ? CliCommandLine.ExitInvalidInput : 0;
    }

    /// <summary>A Kubernetes label value, as Velero makes the restore name into the restore label.</summary>
    private static bool IsLabelValue(string value) =>
        value.Length is > 0 and <= 63 && char.IsAsciiLetterOrDigit(value[0]) && char.IsAsciiLetterOrDigit(value[^1])
        && value.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.');
}
