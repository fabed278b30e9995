using System.Text;
using System.Text.Json;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// The OpenShift image trigger annotation <c>image.openshift.io/triggers</c>: a JSON array of
/// <c>{"from": {"kind": "ImageStreamTag", "name": "web:latest", "namespace": "shop"}, "fieldPath": ...}</c>
/// that OpenShift's trigger controller reads on Kubernetes workloads. The rewrite changes the
/// <c>from.namespace</c> string tokens and nothing else: every other byte (spacing, key order,
/// escapes, other members) stays as written, so a reader of the annotation sees exactly the
/// namespace change, and the result is stable under a second pass (SPEC N2, S3).
/// </summary>
internal static class ImageTriggerAnnotation
{
    /// <summary>The annotation key.</summary>
    public const string Key = "image.openshift.io/triggers";

    // Throws on a lone surrogate instead of writing U+FFFD: such text cannot be rewritten byte-exactly.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    // Depths of Utf8JsonReader tokens: the array is 0, a trigger object 1, its members 2, members of "from" 3.
    private const int TriggerMemberDepth = 2;
    private const int FromMemberDepth = 3;

    /// <summary>
    /// <paramref name="value"/> with the namespace of every ImageStreamTag/ImageStreamImage
    /// <c>from</c> that <paramref name="map"/> maps replaced; null when nothing changes, or when the
    /// value is not a JSON array (the controller ignores such an annotation, and so do we).
    /// </summary>
    public static string? Rewrite(string value, Func<string, string?> map)
    {
        ArgumentNullException.ThrowIfNull(value);
        ArgumentNullException.ThrowIfNull(map);
        if (!value.Contains("namespace", StringComparison.Ordinal))
        {
            return null;
        }

        byte[] bytes;
        List<(int Start, int Length, string Namespace)> edits;
        try
        {
            bytes = StrictUtf8.GetBytes(value);
            edits = FindEdits(bytes, map);
        }
        catch (Exception e) when (e is JsonException or EncoderFallbackException or InvalidOperationException)
        {
            return null;
        }

        if (edits.Count == 0)
        {
            return null;
        }

        var output = new StringBuilder(value.Length + 16);
        var copied = 0;
        foreach (var (start, length, ns) in edits)
        {
            output.Append(Encoding.UTF8.GetString(bytes, copied, start - copied));
            output.Append('"').Append(JsonEncodedText.Encode(ns).ToString()).Append('"');
            copied = start + length;
        }

        output.Append(Encoding.UTF8.GetString(bytes, copied, bytes.Length - copied));
        return output.ToString();
    }

    /// <summary>The byte ranges (quotes included) of <c>from.namespace</c> string tokens to replace, in order.</summary>
    private static List<(int Start, int Length, string Namespace)> FindEdits(byte[] bytes, Func<string, string?> map)
    {
        var edits = new List<(int, int, string)>();
        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow });
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartArray)
        {
            return edits;
        }

        var inTrigger = false;
        string? triggerMember = null;
        string? fromMember = null;
        var inFrom = false;
        string? kind = null;
        var namespaces = new List<(int Start, int Length, string Value)>();
        while (reader.Read())
        {
            switch (reader.TokenType)
            {
                case JsonTokenType.StartObject or JsonTokenType.StartArray when reader.CurrentDepth == 1:
                    // An element of the array: only an object is a trigger.
                    inTrigger = reader.TokenType == JsonTokenType.StartObject;
                    triggerMember = null;
                    break;
                case JsonTokenType.PropertyName when reader.CurrentDepth == TriggerMemberDepth:
                    triggerMember = reader.GetString();
                    break;
                case JsonTokenType.StartObject when reader.CurrentDepth == TriggerMemberDepth:
                    inFrom = inTrigger && triggerMember == "from";
                    kind = null;
                    namespaces.Clear();
                    break;
                case JsonTokenType.PropertyName when inFrom && reader.CurrentDepth == FromMemberDepth:
                    fromMember = reader.GetString();
                    break;
                case JsonTokenType.String when inFrom && reader.CurrentDepth == FromMemberDepth:
                    if (fromMember == "kind")
                    {
                        kind = reader.GetString();
                    }
                    else if (fromMember == "namespace")
                    {
                        // A string token starts at its opening quote; ValueSpan is the raw text between the quotes.
                        namespaces.Add(((int)reader.TokenStartIndex, reader.ValueSpan.Length + 2, reader.GetString()!));
                    }

                    break;
                case JsonTokenType.EndObject when inFrom && reader.CurrentDepth == TriggerMemberDepth:
                    inFrom = false;
                    if (NamespaceReferences.IsImageStreamKind(kind))
                    {
                        foreach (var (start, length, ns) in namespaces)
                        {
                            if (map(ns) is { } target && target != ns)
                            {
                                edits.Add((start, length, target));
                            }
                        }
                    }

                    break;
            }
        }

        return edits;
    }
}
