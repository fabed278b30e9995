using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Finds an alias used before its anchor. YAML only allows aliases to earlier anchors, but
/// YamlDotNet's representation model accepts a forward alias and then recurses without end while
/// resolving it when it is a mapping key (<c>? *a</c> before <c>&amp;a {...}</c>): a stack overflow,
/// which no catch stops, at startup or on every replica's reload (found by fuzz/). So the event
/// stream is checked first.
/// </summary>
internal static class YamlAliases
{
    /// <summary>
    /// The first alias that names no earlier, complete anchored node of its document, or null: an
    /// alias before its anchor, and an alias inside the node it names (<c>&amp;a [*a]</c>, a cycle
    /// that YamlDotNet's representation model also recurses on without end). Throws
    /// <see cref="YamlException"/> for invalid YAML.
    /// </summary>
    public static AnchorAlias? FindForwardAlias(string yaml)
    {
        using var reader = new StringReader(yaml);
        var parser = new Parser(reader);
        var anchors = new HashSet<string>(StringComparer.Ordinal);
        // The anchors of the collections still open (null for an unanchored one): they complete at their end.
        var open = new Stack<string?>();
        while (parser.MoveNext())
        {
            switch (parser.Current)
            {
                case DocumentStart:
                    anchors.Clear();
                    open.Clear();
                    break;
                case AnchorAlias alias when !anchors.Contains(alias.Value.Value):
                    return alias;
                case MappingStart or SequenceStart:
                    var start = (NodeEvent)parser.Current;
                    open.Push(start.Anchor.IsEmpty ? null : start.Anchor.Value);
                    break;
                case MappingEnd or SequenceEnd:
                    if (open.TryPop(out var closed) && closed is not null)
                    {
                        anchors.Add(closed);
                    }

                    break;
                case NodeEvent { Anchor.IsEmpty: false } node:
                    anchors.Add(node.Anchor.Value);
                    break;
            }
        }

        return null;
    }
}
