using System.Text;
using System.Text.Json;
using RestoreMutator.Cli.Preview;
using RestoreMutator.Transforms.Reports;
using RestoreMutator.Transforms.Rules;
using Spectre.Console;

namespace RestoreMutator.Cli.Reports;

/// <summary>
/// <c>preview --report</c> (SPEC X3): passes every result on, and counts it as the webhook's report
/// would (the same builder, so the same bounds); at the end writes the same report the
/// <c>report</c> command prints, after the preview's own output (text), or as one last JSON line
/// <c>{"report": ...}</c> (<see cref="MergedReportJson"/>).
/// </summary>
internal sealed class PreviewReportCollector : IPreviewReport
{
    private readonly IPreviewReport _inner;
    private readonly IAnsiConsole? _console;
    private readonly TextWriter _output;
    private readonly RestoreReportBuilder _builder = new(RestoreSimulation.RestoreName);

    public PreviewReportCollector(IPreviewReport inner, MutationPipeline pipeline, IAnsiConsole? console, TextWriter output)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        _inner = inner;
        _console = console;
        _output = output;
        _builder.Summary.AddRules(ReportRules.InEffect(pipeline));
    }

    public void Write(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _inner.Write(result);
        var decision = PreviewSummary.ReportDecision(result.Decision);
        _builder.Add(new ReportObject
        {
            Kind = PreviewSummary.KindLabel(result),
            Namespace = result.Namespace,
            Name = result.Name,
            Operation = "CREATE",
            Decision = decision,
            Families = result.Families,
            Operations = result.Operations.Count,
            SkipCode = result.SkipCode,
            Reason = decision is ReportDecision.Skipped or ReportDecision.Error ? result.Reason : string.Empty,
            Warnings = result.Warnings,
        });
    }

    public void Complete(PreviewSummary summary)
    {
        _inner.Complete(summary);
        var report = new MergedReport(new RestoreSummary(RestoreSimulation.RestoreName));
        report.Add("preview", _builder.SummaryJson(), _builder.ObjectLines());
        if (_console is not null)
        {
            ReportTable.Write(_console, "restore report (offline preview)", report.Summary, report.Objects);
            return;
        }

        var buffer = new System.Buffers.ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer, PatchText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WritePropertyName("report");
            MergedReportJson.Write(writer, report);
            writer.WriteEndObject();
        }

        _output.Write(Encoding.UTF8.GetString(buffer.WrittenSpan));
        _output.Write('\n');
    }
}
