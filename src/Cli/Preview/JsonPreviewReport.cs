using System.Buffers;
using System.Text;
using System.Text.Json;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// <c>--output json</c>: JSON Lines, one object per line, written as soon as the object is
/// previewed (so a large backup streams, and <c>jq -c 'select(.decision=="skipped")'</c> works line
/// by line). Every record has the same members; see README "Preview".
/// </summary>
internal sealed class JsonPreviewReport(TextWriter output) : IPreviewReport
{
    private readonly ArrayBufferWriter<byte> _buffer = new(4096);

    public void Write(PreviewResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        _buffer.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_buffer, PatchText.WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteString("source", result.Source);
            writer.WriteString("apiVersion", result.ApiVersion);
            writer.WriteString("kind", result.Kind);
            writer.WriteString("namespace", result.Namespace);
            writer.WriteString("sourceNamespace", result.SourceNamespace);
            writer.WriteString("name", result.Name);
            writer.WriteString("decision", result.Decision.ToString().ToLowerInvariant());
            writer.WriteString("reason", result.Reason);
            if (result.Answer.Length > 0)
            {
                writer.WriteString("answer", result.Answer);
            }
            else
            {
                writer.WriteNull("answer");
            }

            if (result.Profile.Length > 0)
            {
                writer.WriteString("profile", result.Profile);
            }
            else
            {
                writer.WriteNull("profile");
            }

            WriteStrings(writer, "families", result.Families);
            WriteStrings(writer, "rules", result.Rules);
            writer.WriteStartArray("operations");
            foreach (var operation in result.Operations)
            {
                operation.WriteTo(writer);
            }

            writer.WriteEndArray();
            WriteStrings(writer, "warnings", result.Warnings);
            writer.WriteEndObject();
        }

        output.Write(Encoding.UTF8.GetString(_buffer.WrittenSpan));
        output.Write('\n');
    }

    public void Complete(PreviewSummary summary)
    {
        // The totals are derived from the records; JSON Lines stays one record type.
    }

    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
