using System.CommandLine;
using System.CommandLine.Invocation;
using System.CommandLine.IO;
using System.Text;

namespace RestoreMutator.Webhook.Preview;

/// <summary>
/// <c>preview [--config FILE] [--namespace-mapping old:new]... [--output text|json] [--no-color] PATH...</c>
/// (SPEC C6, section 5). Output goes to the invocation's console, so tests run it in-process.
/// </summary>
public static class PreviewCommand
{
    public static Command Create(Option<string?> config)
    {
        var paths = new Argument<string[]>("path", "manifest files (YAML or JSON, multi-document, List kinds), directories (*.yaml, *.yml, *.json, recursively) or Velero backup tarballs (velero backup download)")
        {
            Arity = ArgumentArity.OneOrMore,
        };
        var mappings = new Option<string[]>("--namespace-mapping", "source:target namespace of this restore, as in velero restore create --namespace-mappings; repeatable; overrides the config's namespaceMapping")
        {
            Arity = ArgumentArity.ZeroOrMore,
            AllowMultipleArgumentsPerToken = false,
        };
        var output = new Option<string>(["--output", "-o"], () => "text", "text (diffs and a summary table) or json (JSON Lines, one record per object)");
        output.FromAmong("text", "json");
        var noColor = new Option<bool>("--no-color", "no colour in text output (also off when NO_COLOR is set or the output is redirected)");

        var command = new Command("preview", "Show what the webhook would do to the objects of a restore, offline: decision, JSON patch and diff per object (lookups off; values from the config and flags).");
        command.AddArgument(paths);
        command.AddOption(mappings);
        command.AddOption(output);
        command.AddOption(noColor);
        command.SetHandler((InvocationContext context) =>
        {
            var result = context.ParseResult;
            var console = context.Console;
            var options = new PreviewOptions
            {
                ConfigPath = result.GetValueForOption(config),
                Paths = result.GetValueForArgument(paths),
                NamespaceMappings = result.GetValueForOption(mappings) ?? [],
                Format = result.GetValueForOption(output) == "json" ? PreviewFormat.Json : PreviewFormat.Text,
                Color = ColorChoice.Decide(result.GetValueForOption(noColor), Environment.GetEnvironmentVariable("NO_COLOR"), console.IsOutputRedirected),
            };

            using var stdout = WriterFor(console, console.Out, Console.OpenStandardOutput);
            using var stderr = WriterFor(console, console.Error, Console.OpenStandardError);
            context.ExitCode = PreviewRunner.Run(options, stdout, stderr);
        });
        return command;
    }

    /// <summary>The real console gets a large buffered stream (thousands of objects); any other console an adapter.</summary>
    private static TextWriter WriterFor(IConsole console, IStandardStreamWriter stream, Func<Stream> open) =>
        console is SystemConsole
            ? new StreamWriter(open(), new UTF8Encoding(false), 64 * 1024) { AutoFlush = false, NewLine = "\n" }
            : new StandardStreamTextWriter(stream) { NewLine = "\n" };
}
