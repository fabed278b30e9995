using System.Text.Json;
using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using Inputs = RestoreMutator.Webhook.Preview.Inputs;

namespace RestoreMutator.Webhook.Preview;

/// <summary>
/// Writes a JSON object as block YAML in kubectl's layout (two-space indent, sequences not
/// indented, member order kept) for the diff. A string that would read back as another type
/// (<c>"true"</c>, <c>"8080"</c>, <c>"null"</c>, and YAML 1.1's <c>yes</c>/<c>on</c>) is quoted;
/// multi-line strings use literal blocks so a changed script line shows as one changed line.
/// </summary>
public static class YamlRenderer
{
    private static readonly HashSet<string> Yaml11Booleans = new(StringComparer.OrdinalIgnoreCase) { "y", "n", "yes", "no", "on", "off" };

    public static string Render(JsonNode node)
    {
        var writer = new StringWriter();
        var emitter = new Emitter(writer, new EmitterSettings(2, int.MaxValue, false, 1024, indentSequences: false, newLine: "\n"));
        emitter.Emit(new StreamStart());
        emitter.Emit(new DocumentStart(null, null, true));
        Emit(emitter, node);
        emitter.Emit(new DocumentEnd(true));
        emitter.Emit(new StreamEnd());
        return writer.ToString();
    }

    /// <summary>The YAML of <paramref name="node"/> split into lines.</summary>
    public static string[] Lines(JsonNode node) => Render(node).TrimEnd('\n').Split('\n');

    private static void Emit(IEmitter emitter, JsonNode? node)
    {
        switch (node)
        {
            case JsonObject map:
                emitter.Emit(new MappingStart(null, null, true, map.Count == 0 ? MappingStyle.Flow : MappingStyle.Block));
                foreach (var (key, value) in map)
                {
                    EmitString(emitter, key);
                    Emit(emitter, value);
                }

                emitter.Emit(new MappingEnd());
                break;
            case JsonArray array:
                emitter.Emit(new SequenceStart(null, null, true, array.Count == 0 ? SequenceStyle.Flow : SequenceStyle.Block));
                foreach (var item in array)
                {
                    Emit(emitter, item);
                }

                emitter.Emit(new SequenceEnd());
                break;
            case JsonValue value when value.GetValueKind() == JsonValueKind.String:
                EmitString(emitter, value.GetValue<string>());
                break;
            case null:
                emitter.Emit(new Scalar(null, null, "null", ScalarStyle.Plain, true, false));
                break;
            default:
                emitter.Emit(new Scalar(null, null, node.ToJsonString(), ScalarStyle.Plain, true, false));
                break;
        }
    }

    private static void EmitString(IEmitter emitter, string text)
    {
        var style = ScalarStyle.Any;
        if (text.Contains('\n', StringComparison.Ordinal))
        {
            style = ScalarStyle.Literal;
        }
        else if (Inputs.YamlScalars.ResolvePlain(text) is not JsonValue resolved
            || resolved.GetValueKind() != JsonValueKind.String
            || Yaml11Booleans.Contains(text)
            || text.Trim() != text)
        {
            style = ScalarStyle.DoubleQuoted;
        }

        emitter.Emit(new Scalar(null, null, text, style, true, true));
    }
}
