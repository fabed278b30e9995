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
internal static class PreviewRunner
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

        var (files, missing) = InputExpander.Expand(options.Paths);
        errors.AddRange(missing);
        if (!KubernetesNames.IsLabelValue(options.RestoreName) || options.RestoreName.Length == 0)
        {
            errors.Add($"--restore '{options.RestoreName}': must be a restore label value (at most 63 letters, digits, '-', '_' or '.', starting and ending with a letter or digit)");
        }

        // The same pipeline the server builds from this config (profiles included, X1).
        var pipeline = settings is null ? null : rules is null ? RuleCatalog.CreatePipeline(settings) : RuleCatalog.CreatePipeline(settings, rules);
        var restore = Restore(options, pipeline, errors);
        var profile = pipeline?.SelectProfile(options.RestoreName, restore, out _);
        var configuredMapping = profile?.Settings.Settings.NamespaceMapping ?? settings?.NamespaceMapping ?? new Dictionary<string, string>();
        var mapping = NamespaceMappingOption.Merge(configuredMapping, options.NamespaceMappings, errors);
        if (settings is null || pipeline is null || errors.Count > 0)
        {
            foreach (var message in errors)
            {
                error.WriteLine($"restore-mutator preview: {message}");
            }

            return CliCommandLine.ExitInvalidInput;
        }

        // Lookups are off, so the static facts of the configuration in force (the profile's, else
        // the base's) are all there is, with this restore's namespace mapping on top (SPEC C6, K4).
        var facts = (profile?.Pipeline ?? pipeline).StaticFacts with { NamespaceMapping = mapping, Restore = restore };
        var previewer = new ObjectPreviewer(pipeline, facts, new RestoreSimulation(mapping, settings.RestoreLabels, options.RestoreName));
        foreach (var warning in pipeline.RoutingWarnings)
        {
            // Preview runs every rule on every kind it reads; the cluster only sends what is routed (U6).
            error.WriteLine($"restore-mutator preview: warning: {warning}");
        }

        var console = options.Format == PreviewFormat.Json ? null : PreviewConsole.Create(output, options.Color);
        IPreviewReport report = console is null ? new JsonPreviewReport(output) : new TextPreviewReport(console);
        if (options.Report)
        {
            // The rules in effect are those of the configuration in force: a profile's include the base's (X1 overlay).
            report = new Reports.PreviewReportCollector(report, profile?.Pipeline ?? pipeline, console, output);
        }

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

    /// <summary>
    /// <c>--profile NAME</c> as the webhook would see it: the Restore of this preview carrying the
    /// profile annotation (X1). Null without the option; an unknown name is an error, not a warning:
    /// the operator asked for that profile by name.
    /// </summary>
    private static RestoreFacts? Restore(PreviewOptions options, MutationPipeline? pipeline, List<string> errors)
    {
        if (options.ProfileName is not { } name || pipeline is null)
        {
            return null;
        }

        if (!pipeline.Profiles.Any(profile => profile.Name == name))
        {
            var configured = pipeline.Profiles.Count == 0 ? "none configured" : "configured: " + string.Join(", ", pipeline.Profiles.Select(profile => profile.Name));
            errors.Add($"--profile '{name}': the configuration has no such profile ({configured})");
            return null;
        }

        return new RestoreFacts
        {
            Name = options.RestoreName,
            Annotations = new Dictionary<string, string>(StringComparer.Ordinal) { [WellKnown.ProfileAnnotation] = name },
        };
    }
}
