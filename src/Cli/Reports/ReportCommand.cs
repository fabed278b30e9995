using System.CommandLine;
using RestoreMutator.Cli.Preview;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// <c>report RESTORE [--kubeconfig F] [--config F | --namespace NS] [--output text|json] [--no-color]</c>
/// (SPEC X3): reads every replica's report ConfigMap of the restore and prints them merged.
/// </summary>
internal static class ReportCommand
{
    public static Command Create(Option<string?> config, CommandConsole console)
    {
        ArgumentNullException.ThrowIfNull(console);
        var restore = new Argument<string>("restore") { Description = "the Velero Restore's name (as in velero restore get)" };
        var kubeconfig = new Option<string?>("--kubeconfig") { Description = "kubeconfig to use (else $KUBECONFIG, else ~/.kube/config, else the pod's service account)" };
        var ns = new Option<string?>("--namespace", "-n") { Description = "where the webhook keeps reports: its velero.namespace (else read from --config, else velero)" };
        var output = new Option<string>("--output", "-o")
        {
            Description = "text (tables) or json (the merged report, layout in README \"Reading a restore report\")",
            DefaultValueFactory = _ => "text",
        };
        output.AcceptOnlyFromAmong("text", "json");
        var noColor = new Option<bool>("--no-color") { Description = "no colour in text output (also off when NO_COLOR is set or the output is redirected)" };

        var command = new Command("report", "Print what the webhook did during a restore: every replica's report merged (objects by kind and decision, skipped objects and why, operator rules that changed nothing, warnings). Exit 1 when no report exists.");
        command.Arguments.Add(restore);
        command.Options.Add(kubeconfig);
        command.Options.Add(ns);
        command.Options.Add(output);
        command.Options.Add(noColor);
        command.Validators.Add(result =>
        {
            if (result.GetResult(ns) is not null && result.GetResult(config) is not null)
            {
                result.AddError("--config and --namespace both say where reports are: give one");
            }
        });
        command.SetAction((result, cancellationToken) => ReportRunner.RunAsync(
            new ReportRequest
            {
                Restore = result.GetValue(restore)!,
                Kubeconfig = result.GetValue(kubeconfig),
                ConfigPath = result.GetValue(config),
                Namespace = result.GetValue(ns),
                Json = result.GetValue(output) == "json",
                Color = ColorChoice.Decide(result.GetValue(noColor), Environment.GetEnvironmentVariable("NO_COLOR"), console.IsOutputRedirected),
            },
            console, cancellationToken));
        return command;
    }
}
