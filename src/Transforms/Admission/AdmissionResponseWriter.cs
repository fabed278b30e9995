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
            using (var patchWriter = new Utf8JsonWriter(patch))
            {
                Patching.PatchOperation.WriteArray(decision.Operations, patchWriter);
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
}
