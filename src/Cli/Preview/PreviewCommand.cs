using System.CommandLine;
using RestoreMutator.Cli;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// <c>preview [--config FILE] [--namespace-mapping old:new]... [--restore NAME] [--output text|json] [--no-color] PATH...</c>
/// (SPEC C6, section 5). Output goes to the given console, so tests run it in-process.
/// </summary>
public static class PreviewCommand
{
    public static Command Create(Option<string?> config, CommandConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var paths = new Argument<string[]>("path")
        {
            Description = "manifest files (YAML or JSON, multi-document, List kinds), directories (*.yaml, *.yml, *.json, recursively) or Velero backup tarballs (velero backup download)",
            Arity = ArgumentArity.OneOrMore,
        };
        var mappings = new Option<string[]>("--namespace-mapping")
        {
            Description = "source:target namespace of this restore, as in velero restore create --namespace-mappings; repeatable; overrides the config's namespaceMapping",
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>("--output", "-o")
        {
            Description = "text (diffs and a summary table) or json (JSON Lines, one record per object)",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");
        var restore = new Option<string>("--restore")
        {
            Description = "the restore name the objects are restored by (the restore label's value), for rules with restores: globs",
            DefaultValueFactory = _ => RestoreSimulation.RestoreName,
        };
        var noColor = new Option<bool>("--no-color") { Description = "no colour in text output (also off when NO_COLOR is set or the output is redirected)" };

        var command = new Command("preview", "Show what the webhook would do to the objects of a restore, offline: decision, JSON patch and diff per object (lookups off; values from the config and flags).");
        command.Arguments.Add(paths);
        command.Options.Add(mappings);
        command.Options.Add(output);
        command.Options.Add(restore);
        command.Options.Add(noColor);
        command.SetAction(result =>
        {
            var options = new PreviewOptions
            {
                ConfigPath = result.GetValue(config),
                Paths = result.GetValue(paths) ?? [],
                NamespaceMappings = result.GetValue(mappings) ?? [],
                Format = result.GetValue(output) == "json" ? PreviewFormat.Json : PreviewFormat.Text,
                RestoreName = result.GetValue(restore) ?? RestoreSimulation.RestoreName,
                Color = ColorChoice.Decide(result.GetValue(noColor), Environment.GetEnvironmentVariable("NO_COLOR"), console.IsOutputRedirected),
            };

            return PreviewRunner.Run(options, console.Out, console.Error);
        });
        return command;
    }
}
