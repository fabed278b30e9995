using System.Text.Json.Nodes;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// Reads a YAML stream one document at a time into JSON (streaming: only the current document is
/// in memory). Scalars follow the YAML 1.2 core schema (<see cref="YamlScalars"/>); aliases are
/// expanded; mapping keys are strings and must be unique. Errors surface as
/// <see cref="YamlException"/> with a position, and end the stream (YAML cannot resynchronise).
/// </summary>
internal sealed class YamlDocumentReader
{
    private readonly Parser _parser;
    private readonly Dictionary<string, JsonNode?> _anchors = new(StringComparer.Ordinal);
    private bool _started;

    public YamlDocumentReader(TextReader reader)
    {
        _parser = new Parser(reader);
    }

    /// <summary>The next document (null for an empty document), or false at the end of the stream.</summary>
    public bool TryRead(out JsonNode? document, out int line)
    {
        if (!_started)
        {
            _parser.Consume<StreamStart>();
            _started = true;
        }

        if (!_parser.TryConsume<DocumentStart>(out var start))
        {
            _parser.Consume<StreamEnd>();
            document = null;
            line = 0;
            return false;
        }

        _anchors.Clear();
        line = (int)start.Start.Line;
        document = ReadNode();
        _parser.Consume<DocumentEnd>();
        return true;
    }

    private JsonNode? ReadNode()
    {
        if (_parser.TryConsume<AnchorAlias>(out var alias))
        {
            return _anchors.TryGetValue(alias.Value.Value, out var target)
                ? target?.DeepClone()
                : throw new YamlException(alias.Start, alias.End, $"unknown alias *{alias.Value.Value}");
        }

        if (_parser.TryConsume<Scalar>(out var scalar))
        {
            return Remember(scalar, YamlScalars.Resolve(scalar));
        }

        if (_parser.TryConsume<SequenceStart>(out var sequenceStart))
        {
            var array = new JsonArray();
            while (!_parser.TryConsume<SequenceEnd>(out _))
            {
                array.Add(ReadNode());
            }

            return Remember(sequenceStart, array);
        }

        var mappingStart = _parser.Consume<MappingStart>();
        var map = new JsonObject();
        while (!_parser.TryConsume<MappingEnd>(out _))
        {
            var keyEvent = _parser.Current;
            if (!_parser.TryConsume<Scalar>(out var key))
            {
                throw new YamlException(keyEvent!.Start, keyEvent.End, "mapping keys must be scalars");
            }

            if (map.ContainsKey(key.Value))
            {
                throw new YamlException(key.Start, key.End, $"duplicate key '{key.Value}'");
            }

            map[key.Value] = ReadNode();
        }

        return Remember(mappingStart, map);
    }

    private JsonNode? Remember(NodeEvent node, JsonNode? value)
    {
        if (!node.Anchor.IsEmpty)
        {
            _anchors[node.Anchor.Value] = value;
        }

        return value;
    }
}
