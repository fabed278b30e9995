using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Patching;

/// <summary>One RFC 6902 operation. <see cref="Path"/> is already escaped (RFC 6901).</summary>
public sealed record PatchOperation(PatchOperationKind Kind, string Path, JsonNode? Value)
{
    // Most operations of the families set a string (an image, a host, a name): it is written to
    // the answer as it is, and becomes a node only if something reads Value (allocation per review).
    private readonly string? _text;
    private JsonNode? _value = Value;

    private PatchOperation(PatchOperationKind kind, string path, string text)
        : this(kind, path, (JsonNode?)null) => _text = text;

    /// <summary>The value (JSON null is null); ignored for <c>remove</c>.</summary>
    public JsonNode? Value
    {
        get => _value ??= _text is null ? null : JsonValue.Create(_text);
        init
        {
            _value = value;
            _text = null;
        }
    }

    /// <summary>An <c>add</c> or <c>replace</c> of a string value.</summary>
    public static PatchOperation OfString(PatchOperationKind kind, string path, string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return new PatchOperation(kind, path, value);
    }

    /// <summary>The <c>op</c> member as written on the wire.</summary>
    public string Op => Kind switch
    {
        PatchOperationKind.Add => "add",
        PatchOperationKind.Remove => "remove",
        _ => "replace",
    };

    /// <summary>Writes the operation as a JSON object.</summary>
    public void WriteTo(Utf8JsonWriter writer)
    {
        writer.WriteStartObject();
        writer.WriteString("op", Op);
        writer.WriteString("path", Path);
        if (Kind != PatchOperationKind.Remove)
        {
            writer.WritePropertyName("value");
            if (_value is null && _text is not null)
            {
                writer.WriteStringValue(_text);
            }
            else if (_value is null)
            {
                writer.WriteNullValue();
            }
            else
            {
                _value.WriteTo(writer);
            }
        }

        writer.WriteEndObject();
    }

    /// <summary>Writes a list of operations as a JSON array.</summary>
    public static void WriteArray(IReadOnlyList<PatchOperation> operations, Utf8JsonWriter writer)
    {
        ArgumentNullException.ThrowIfNull(operations);
        ArgumentNullException.ThrowIfNull(writer);
        writer.WriteStartArray();
        for (var i = 0; i < operations.Count; i++)
        {
            operations[i].WriteTo(writer);
        }

        writer.WriteEndArray();
    }

    /// <summary>Serialises a list of operations as a JSON array (UTF-8).</summary>
    public static byte[] Serialize(IReadOnlyList<PatchOperation> operations)
    {
        using var buffer = new Buffers.PooledBufferWriter();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteArray(operations, writer);
        }

        return buffer.WrittenSpan.ToArray();
    }

    /// <inheritdoc />
    public override string ToString()
    {
        var buffer = new System.Buffers.ArrayBufferWriter<byte>(128);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            WriteTo(writer);
        }

        return System.Text.Encoding.UTF8.GetString(buffer.WrittenSpan);
    }
}
