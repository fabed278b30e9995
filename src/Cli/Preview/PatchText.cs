using System.Buffers;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using RestoreMutator.Transforms.Patching;

namespace RestoreMutator.Cli.Preview;

/// <summary>Patch operations as compact JSON for people: as sent to the API server, without escaping <c>+</c> or non-ASCII.</summary>
internal static class PatchText
{
    /// <summary>Relaxed escaping keeps image references and hosts readable; the output is never embedded in HTML.</summary>
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    public static string Format(PatchOperation operation)
    {
        ArgumentNullException.ThrowIfNull(operation);
        var buffer = new ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            operation.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
