using System.Text.Json.Nodes;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// Unwraps <c>kind: List</c> (what <c>kubectl get -o yaml</c> writes) and typed lists such as
/// <c>PodList</c> (what the API returns): each item is previewed on its own. Items of a typed list
/// may omit <c>apiVersion</c> and <c>kind</c>; they are taken from the list, as the API server does.
/// </summary>
internal static class KubernetesLists
{
    /// <summary>True when <paramref name="document"/> is a list; its items are then passed to <paramref name="item"/>.</summary>
    public static bool TryExpand(string source, JsonNode document, Action<string, JsonNode> item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (document is not JsonObject list
            || list["kind"] is not JsonValue kindValue || !kindValue.TryGetValue<string>(out var kind) || !kind.EndsWith("List", StringComparison.Ordinal)
            || list["items"] is not JsonArray items)
        {
            return false;
        }

        var itemKind = kind == "List" ? null : kind[..^4];
        var apiVersion = list["apiVersion"]?.DeepClone();
        for (var i = 0; i < items.Count; i++)
        {
            var element = items[i];
            if (element is null)
            {
                continue;
            }

            if (itemKind is not null && element is JsonObject obj)
            {
                if (!obj.ContainsKey("kind"))
                {
                    obj["kind"] = itemKind;
                }

                if (!obj.ContainsKey("apiVersion") && apiVersion is not null)
                {
                    obj["apiVersion"] = apiVersion.DeepClone();
                }
            }

            item($"{source}/items/{i}", element);
        }

        return true;
    }
}
