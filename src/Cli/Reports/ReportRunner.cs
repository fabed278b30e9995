using System.Text;
using System.Text.Json;
using RestoreMutator.Cli.Preview;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// The <c>report</c> command (SPEC X3). Exit status 0 with a report, 1 when no replica wrote one
/// for the restore, 2 when the flags, the config or the cluster cannot be used (one line each).
/// </summary>
internal static class ReportRunner
{
    public const int ExitNoReport = 1;

    public static async Task<int> RunAsync(ReportRequest request, CommandConsole console, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(console);
        if (ResolveNamespace(request, console.Error) is not { } ns)
        {
            return CliCommandLine.ExitInvalidInput;
        }

        MergedReport? report;
        try
        {
            using var api = ClusterAccess.Connect(request.Kubeconfig);
            report = await ReportReader.ReadAsync(api, ns, request.Restore, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException e)
        {
            await console.Error.WriteLineAsync($"restore-mutator report: {e.Message}").ConfigureAwait(false);
            return CliCommandLine.ExitInvalidInput;
        }

        if (report is null)
        {
            await console.Error.WriteLineAsync(
                $"restore-mutator report: no report for restore {request.Restore} in namespace {ns} (no ConfigMap labelled {ReportReader.ReportForLabel}={Transforms.Rules.VeleroNames.GetValidName(request.Restore)}): "
                + "the restore has not started, the webhook saw none of its objects, or report.enabled is false or lookups are off").ConfigureAwait(false);
            return ExitNoReport;
        }

        foreach (var problem in report.Problems)
        {
            await console.Error.WriteLineAsync($"restore-mutator report: {problem}").ConfigureAwait(false);
        }

        if (request.Json)
        {
            var buffer = new System.Buffers.ArrayBufferWriter<byte>();
            using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true, Encoder = PatchText.WriterOptions.Encoder }))
            {
                MergedReportJson.Write(writer, report);
            }

            await console.Out.WriteAsync(Encoding.UTF8.GetString(buffer.WrittenSpan)).ConfigureAwait(false);
            await console.Out.WriteAsync('\n').ConfigureAwait(false);
        }
        else
        {
            var replicas = report.Summary.Replicas.Count == 1 ? "replica" : "replicas";
            var title = $"restore {request.Restore}: {report.Summary.Replicas.Count} {replicas} ({string.Join(", ", report.Summary.Replicas)})";
            ReportTable.Write(PreviewConsole.Create(console.Out, request.Color), title, report.Summary, report.Objects);
        }

        return 0;
    }

    /// <summary><c>--namespace</c>, else the config's <c>velero.namespace</c>, else <c>velero</c>; null after printing why not.</summary>
    private static string? ResolveNamespace(ReportRequest request, TextWriter error)
    {
        if (request.Namespace is { } given)
        {
            if (KubernetesNames.IsDnsLabel(given))
            {
                return given;
            }

            error.WriteLine($"restore-mutator report: --namespace '{given}' is not a valid namespace name");
            return null;
        }

        var configPath = ConfigFile.ResolvePath(request.ConfigPath);
        if (configPath is null)
        {
            return "velero";
        }

        var ns = ConfigFile.VeleroNamespace(configPath, out var errors);
        foreach (var message in errors)
        {
            error.WriteLine($"restore-mutator report: invalid configuration {configPath}: {message}");
        }

        return ns;
    }
}
