using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Admission;

/// <summary>The answer written with the writers a thread keeps is the answer a fresh writer writes, every time.</summary>
public class AdmissionResponseWriterTests
{
    private static readonly AdmissionDecision[] Decisions =
    [
        AdmissionDecision.Patch(
            [PatchOperation.OfString(PatchOperationKind.Replace, "/spec/containers/0/image", "mirror.example.com/acme/web:1"),
             new PatchOperation(PatchOperationKind.Add, "/metadata/annotations", new JsonObject())],
            ["registry"],
            ["a warning"]),
        AdmissionDecision.Allow(),
        AdmissionDecision.Skip(403, "Forbidden", "pod", "a reason", "restore-mutator skipped pod shop/web: a reason"),
        AdmissionDecision.Patch([new PatchOperation(PatchOperationKind.Remove, "/spec/nodeName", null)], ["nodes"]),
    ];

    [Fact]
    public void Write_KeptWriters_WriteWhatAFreshWriterWrites()
    {
        for (var round = 0; round < 3; round++)
        {
            foreach (var decision in Decisions)
            {
                var kept = new ArrayBufferWriter<byte>();
                AdmissionResponseWriter.Write(kept, "admission.k8s.io/v1", "uid-1", decision);

                Encoding.UTF8.GetString(kept.WrittenSpan).ShouldBe(Fresh(decision));
            }
        }
    }

    [Fact]
    public void Write_AfterAFailedWrite_StartsClean()
    {
        // A write that fails leaves nothing behind in the writer this thread keeps.
        Should.Throw<InvalidOperationException>(() => AdmissionResponseWriter.Write(new FailingOutput(), "admission.k8s.io/v1", "uid-1", Decisions[0]));

        var next = new ArrayBufferWriter<byte>();
        AdmissionResponseWriter.Write(next, "admission.k8s.io/v1", "uid-1", Decisions[0]);

        Encoding.UTF8.GetString(next.WrittenSpan).ShouldBe(Fresh(Decisions[0]));
    }

    private static string Fresh(AdmissionDecision decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            AdmissionResponseWriter.Write(writer, "admission.k8s.io/v1", "uid-1", decision);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private sealed class FailingOutput : IBufferWriter<byte>
    {
        public void Advance(int count) => throw new InvalidOperationException("full");

        public Memory<byte> GetMemory(int sizeHint = 0) => throw new InvalidOperationException("full");

        public Span<byte> GetSpan(int sizeHint = 0) => throw new InvalidOperationException("full");
    }
}
