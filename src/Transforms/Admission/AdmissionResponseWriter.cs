using System.Buffers;
using System.Text.Json;

namespace RestoreMutator.Transforms.Admission;

/// <summary>
/// Writes the AdmissionReview answer. The API server checks <c>apiVersion</c>, <c>kind</c> and
/// <c>response.uid</c> of v1 answers, and requires <c>patch</c> and <c>patchType</c> together, so
/// both are omitted when there is nothing to patch (SPEC A1, A2).
/// </summary>
public static class AdmissionResponseWriter
{
    /// <summary>Audit annotation key (the API server prefixes it with the webhook name, SPEC A6).</summary>
    public const string AppliedAuditKey = "applied";

    // The answer and its patch are written synchronously, so each thread keeps one writer for each
    // instead of making two per review (allocation per review, docs/performance.md).
    [ThreadStatic]
    private static Utf8JsonWriter? t_answerWriter;

    [ThreadStatic]
    private static Utf8JsonWriter? t_patchWriter;

    /// <summary>Writes the answer into <paramref name="output"/> (flushed), with a writer kept by this thread.</summary>
    public static void Write(IBufferWriter<byte> output, string apiVersion, string uid, AdmissionDecision decision)
    {
        ArgumentNullException.ThrowIfNull(output);
        var writer = Rent(ref t_answerWriter, output);
        try
        {
            Write(writer, apiVersion, uid, decision);
            writer.Flush();
        }
        finally
        {
            Return(writer);
        }
    }

    public static void Write(Utf8JsonWriter writer, string apiVersion, string uid, AdmissionDecision decision)
    {
        writer.WriteStartObject();
        writer.WriteString("apiVersion", apiVersion);
        writer.WriteString("kind", AdmissionReview.ReviewKind);
        writer.WriteStartObject("response");
        writer.WriteString("uid", uid);
        writer.WriteBoolean("allowed", decision.Allowed);
        if (decision.Operations.Count > 0)
        {
            writer.WriteString("patchType", "JSONPatch");
            using var patch = new Buffers.PooledBufferWriter();
            var patchWriter = Rent(ref t_patchWriter, patch);
            try
            {
                Patching.PatchOperation.WriteArray(decision.Operations, patchWriter);
                patchWriter.Flush();
            }
            finally
            {
                Return(patchWriter);
            }

            writer.WriteBase64String("patch", patch.WrittenSpan);
        }

        if (!decision.Allowed)
        {
            writer.WriteStartObject("status");
            writer.WriteStartObject("metadata");
            writer.WriteEndObject();
            writer.WriteString("status", "Failure");
            writer.WriteString("message", decision.Message);
            writer.WriteString("reason", decision.Reason);
            writer.WriteNumber("code", decision.StatusCode);
            writer.WriteEndObject();
        }

        if (decision.Warnings.Count > 0)
        {
            writer.WriteStartArray("warnings");
            foreach (var warning in decision.Warnings)
            {
                writer.WriteStringValue(warning);
            }

            writer.WriteEndArray();
        }

        if (decision.Families.Count > 0)
        {
            writer.WriteStartObject("auditAnnotations");
            writer.WriteString(AppliedAuditKey, string.Join(',', decision.Families));
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>This thread's writer, set to write into <paramref name="output"/>.</summary>
    private static Utf8JsonWriter Rent(ref Utf8JsonWriter? kept, IBufferWriter<byte> output)
    {
        if (kept is null)
        {
            kept = new Utf8JsonWriter(output);
        }
        else
        {
            kept.Reset(output);
        }

        return kept;
    }

    /// <summary>Points a kept writer away from the buffer it wrote into (that buffer goes back to its pool).</summary>
    private static void Return(Utf8JsonWriter writer) => writer.Reset(Detached.Instance);

    /// <summary>An output nothing is written to: a kept writer points here between uses.</summary>
    private sealed class Detached : IBufferWriter<byte>
    {
        public static readonly Detached Instance = new();

        public void Advance(int count) => throw new InvalidOperationException("a kept JSON writer wrote outside a use");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("a kept JSON writer wrote outside a use");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("a kept JSON writer wrote outside a use");
    }
}
