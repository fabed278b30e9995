using System.Buffers;
using System.IO.Pipelines;
using System.Text.Json;

namespace RestoreMutator.Bench.Floor;

/// <summary>
/// Answers every review "allowed" after reading the whole body (HTTP needs that) and scanning it
/// only as far as <c>request.uid</c>. No DOM, no validation, no logging: the least work a webhook
/// can do, so the product's throughput can be stated as a fraction of it.
/// </summary>
public static class FloorHandler
{
    private static ReadOnlySpan<byte> RequestProperty => "request"u8;
    private static ReadOnlySpan<byte> UidProperty => "uid"u8;

    public static async Task HandleAsync(HttpContext http)
    {
        var reader = http.Request.BodyReader;
        ReadResult read;
        while (true)
        {
            read = await reader.ReadAsync(http.RequestAborted);
            if (read.IsCompleted)
            {
                break;
            }

            // Keep everything buffered until the body is complete.
            reader.AdvanceTo(read.Buffer.Start, read.Buffer.End);
        }

        var uid = FindUid(read.Buffer);
        reader.AdvanceTo(read.Buffer.End);
        if (uid is null)
        {
            http.Response.StatusCode = StatusCodes.Status400BadRequest;
            return;
        }

        http.Response.ContentType = "application/json";
        var output = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(output))
        {
            writer.WriteStartObject();
            writer.WriteString("apiVersion", "admission.k8s.io/v1");
            writer.WriteString("kind", "AdmissionReview");
            writer.WriteStartObject("response");
            writer.WriteString("uid", uid);
            writer.WriteBoolean("allowed", true);
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        http.Response.ContentLength = output.WrittenCount;
        await http.Response.Body.WriteAsync(output.WrittenMemory, http.RequestAborted);
    }

    private static string? FindUid(ReadOnlySequence<byte> body)
    {
        var json = new Utf8JsonReader(body, new JsonReaderOptions { MaxDepth = 64 });
        var inRequest = false;
        while (json.Read())
        {
            if (json.TokenType != JsonTokenType.PropertyName)
            {
                continue;
            }

            if (!inRequest && json.CurrentDepth == 1)
            {
                inRequest = json.ValueTextEquals(RequestProperty);
                if (!inRequest)
                {
                    json.Read();
                    json.Skip();
                }

                continue;
            }

            if (inRequest && json.CurrentDepth == 2)
            {
                if (json.ValueTextEquals(UidProperty))
                {
                    json.Read();
                    return json.TokenType == JsonTokenType.String ? json.GetString() : null;
                }

                json.Read();
                json.Skip();
            }
        }

        return null;
    }
}
