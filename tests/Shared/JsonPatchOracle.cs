using System.Globalization;
using System.Text.Json.Nodes;

namespace RestoreMutator.Tests.Common;

/// <summary>
/// An independent RFC 6902 applier with the strictness of evanphx/json-patch v4 as the API server
/// uses it: <c>add</c> needs an existing parent, <c>remove</c> and <c>replace</c> need an existing
/// target. Used only in tests, as an oracle for the patches the rules emit.
/// </summary>
public static class JsonPatchOracle
{
    public static JsonNode Apply(JsonNode document, JsonArray patch)
    {
        var result = document.DeepClone();
        foreach (var operationNode in patch)
        {
            var operation = operationNode!.AsObject();
            var op = (string)operation["op"]!;
            var path = (string)operation["path"]!;
            var tokens = Parse(path);
            if (tokens.Count == 0)
            {
                throw new InvalidOperationException($"{op} on the whole document is not emitted by the webhook: {path}");
            }

            var parent = Resolve(result, tokens.Take(tokens.Count - 1), path);
            var last = tokens[^1];
            switch (op)
            {
                case "add":
                    Add(parent, last, operation["value"]?.DeepClone(), path);
                    break;
                case "remove":
                    RemoveExisting(parent, last, path);
                    break;
                case "replace":
                    RemoveExisting(parent, last, path);
                    Add(parent, last, operation["value"]?.DeepClone(), path);
                    break;
                default:
                    throw new InvalidOperationException($"unexpected op {op}");
            }
        }

        return result;
    }

    private static List<string> Parse(string path)
    {
        if (path.Length == 0)
        {
            return [];
        }

        if (path[0] != '/')
        {
            throw new InvalidOperationException($"bad pointer {path}");
        }

        return path[1..].Split('/').Select(t =>
        {
            for (var i = 0; i < t.Length; i++)
            {
                if (t[i] == '~' && (i + 1 >= t.Length || (t[i + 1] != '0' && t[i + 1] != '1')))
                {
                    throw new InvalidOperationException($"bad escape in {path}");
                }
            }

            return t.Replace("~1", "/").Replace("~0", "~");
        }).ToList();
    }

    private static JsonNode Resolve(JsonNode root, IEnumerable<string> tokens, string path)
    {
        var current = root;
        foreach (var token in tokens)
        {
            current = current switch
            {
                JsonObject o when o.TryGetPropertyValue(token, out var child) && child is not null => child,
                JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count && a[i] is not null => a[i]!,
                _ => throw new InvalidOperationException($"parent of {path} does not exist (at '{token}')"),
            };
        }

        return current;
    }

    private static void Add(JsonNode parent, string token, JsonNode? value, string path)
    {
        switch (parent)
        {
            case JsonObject o:
                o[token] = value;
                break;
            case JsonArray a when token == "-":
                a.Add(value);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i <= a.Count:
                a.Insert(i, value);
                break;
            default:
                throw new InvalidOperationException($"cannot add at {path}");
        }
    }

    private static void RemoveExisting(JsonNode parent, string token, string path)
    {
        switch (parent)
        {
            case JsonObject o when o.ContainsKey(token):
                o.Remove(token);
                break;
            case JsonArray a when int.TryParse(token, NumberStyles.None, CultureInfo.InvariantCulture, out var i) && i < a.Count:
                a.RemoveAt(i);
                break;
            default:
                throw new InvalidOperationException($"{path} does not exist");
        }
    }
}
