using System.Text.Json;
using RestoreMutator.Transforms.Buffers;
using Shouldly;

namespace RestoreMutator.Transforms.Tests.Buffers;

public sealed class PooledBufferWriterTests
{
    [Fact]
    public void GetSpan_WritesBeyondInitialCapacity_KeepsEveryByteInOrder()
    {
        using var buffer = new PooledBufferWriter(initialCapacity: 16);
        var expected = new byte[10_000];
        for (var i = 0; i < expected.Length; i++)
        {
            expected[i] = (byte)(i % 251);
        }

        for (var offset = 0; offset < expected.Length; offset += 7)
        {
            var chunk = expected.AsSpan(offset, Math.Min(7, expected.Length - offset));
            chunk.CopyTo(buffer.GetSpan(chunk.Length));
            buffer.Advance(chunk.Length);
        }

        buffer.WrittenCount.ShouldBe(expected.Length);
        buffer.WrittenSpan.SequenceEqual(expected).ShouldBeTrue();
        buffer.WrittenMemory.Length.ShouldBe(expected.Length);
    }

    [Fact]
    public void Utf8JsonWriter_OverPooledBuffer_ProducesTheSameJsonAsArrayBufferWriter()
    {
        using var pooled = new PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(pooled))
        {
            writer.WriteStartObject();
            writer.WriteString("big", new string('x', 20_000));
            writer.WriteEndObject();
        }

        using var document = JsonDocument.Parse(pooled.WrittenMemory);
        document.RootElement.GetProperty("big").GetString()!.Length.ShouldBe(20_000);
    }

    [Fact]
    public void Advance_PastTheBuffer_Throws()
    {
        using var buffer = new PooledBufferWriter(initialCapacity: 16);
        var free = buffer.GetSpan().Length;
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Advance(free + 1));
        Should.Throw<ArgumentOutOfRangeException>(() => buffer.Advance(-1));
    }

    [Fact]
    public void GetSpan_AfterDispose_Throws()
    {
        var buffer = new PooledBufferWriter();
        buffer.Dispose();
        buffer.Dispose();
        Should.Throw<ObjectDisposedException>(() => buffer.GetSpan());
        buffer.WrittenCount.ShouldBe(0);
    }
}
