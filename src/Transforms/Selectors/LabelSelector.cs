using System.Text.Json;

namespace RestoreMutator.Transforms.Selectors;

/// <summary>
/// A Kubernetes label selector (<c>metav1.LabelSelector</c>): every <c>matchLabels</c> entry and
/// every <c>matchExpressions</c> requirement must hold. An empty selector matches everything, as
/// <c>metav1.LabelSelectorAsSelector</c> makes it. Parsed from the JSON the API server serves.
/// </summary>
public sealed class LabelSelector
{
    /// <summary>The selector <c>{}</c>: matches every object.</summary>
    public static readonly LabelSelector Everything = new(new Dictionary<string, string>(StringComparer.Ordinal), []);

    private LabelSelector(IReadOnlyDictionary<string, string> matchLabels, IReadOnlyList<LabelSelectorRequirement> expressions)
    {
        MatchLabels = matchLabels;
        Expressions = expressions;
    }

    public IReadOnlyDictionary<string, string> MatchLabels { get; }

    public IReadOnlyList<LabelSelectorRequirement> Expressions { get; }

    /// <summary>Whether an object with <paramref name="labels"/> is selected.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        foreach (var (key, value) in MatchLabels)
        {
            if (!labels.TryGetValue(key, out var actual) || actual != value)
            {
                return false;
            }
        }

        for (var i = 0; i < Expressions.Count; i++)
        {
            if (!Expressions[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>
    /// As <see cref="Matches(IReadOnlyDictionary{string, string})"/> on an object's labels map as
    /// read-only JSON, read in place: only members with string values are labels; anything but an
    /// object is no labels.
    /// </summary>
    public bool Matches(JsonElement labels)
    {
        foreach (var (key, value) in MatchLabels)
        {
            if (!TryGetLabel(labels, key, out var actual) || !actual.ValueEquals(value))
            {
                return false;
            }
        }

        for (var i = 0; i < Expressions.Count; i++)
        {
            if (!Expressions[i].Matches(labels))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The string value of label <paramref name="key"/> in a labels map (read-only JSON).</summary>
    internal static bool TryGetLabel(JsonElement labels, string key, out JsonElement value)
    {
        if (labels.ValueKind == JsonValueKind.Object && labels.TryGetProperty(key, out value) && value.ValueKind == JsonValueKind.String)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Reads <c>{matchLabels: {...}, matchExpressions: [{key, operator, values}]}</c>. Fails, with a
    /// one-line <paramref name="error"/>, where the API server's validation would: not an object, a
    /// non-string label value, an unknown operator, <c>In</c>/<c>NotIn</c> without values or
    /// <c>Exists</c>/<c>DoesNotExist</c> with values.
    /// </summary>
    public static bool TryParse(JsonElement json, out LabelSelector selector, out string error)
    {
        selector = Everything;
        error = string.Empty;
        if (json.ValueKind != JsonValueKind.Object)
        {
            error = "labelSelector is not an object";
            return false;
        }

        var labels = new Dictionary<string, string>(StringComparer.Ordinal);
        if (json.TryGetProperty("matchLabels", out var matchLabels) && matchLabels.ValueKind != JsonValueKind.Null)
        {
            if (matchLabels.ValueKind != JsonValueKind.Object)
            {
                error = "matchLabels is not an object";
                return false;
            }

            foreach (var entry in matchLabels.EnumerateObject())
            {
                if (entry.Value.ValueKind != JsonValueKind.String)
                {
                    error = $"matchLabels.{entry.Name} is not a string";
                    return false;
                }

                labels[entry.Name] = entry.Value.GetString()!;
            }
        }

        var expressions = new List<LabelSelectorRequirement>();
        if (json.TryGetProperty("matchExpressions", out var matchExpressions) && matchExpressions.ValueKind != JsonValueKind.Null)
        {
            if (matchExpressions.ValueKind != JsonValueKind.Array)
            {
                error = "matchExpressions is not a list";
                return false;
            }

            foreach (var item in matchExpressions.EnumerateArray())
            {
                if (!TryParseRequirement(item, out var requirement, out error))
                {
                    return false;
                }

                expressions.Add(requirement);
            }
        }

        selector = labels.Count == 0 && expressions.Count == 0 ? Everything : new LabelSelector(labels, expressions);
        return true;
    }

    private static bool TryParseRequirement(JsonElement item, out LabelSelectorRequirement requirement, out string error)
    {
        requirement = null!;
        error = string.Empty;
        if (item.ValueKind != JsonValueKind.Object
            || !item.TryGetProperty("key", out var key) || key.ValueKind != JsonValueKind.String || key.GetString() is not { Length: > 0 } keyText)
        {
            error = "a matchExpressions entry has no key";
            return false;
        }

        if (!item.TryGetProperty("operator", out var op) || op.ValueKind != JsonValueKind.String
            || !Enum.TryParse<LabelSelectorOperator>(op.GetString(), ignoreCase: false, out var parsed) || !Enum.IsDefined(parsed))
        {
            error = $"matchExpressions {keyText}: operator must be In, NotIn, Exists or DoesNotExist";
            return false;
        }

        var values = new List<string>();
        if (item.TryGetProperty("values", out var list) && list.ValueKind == JsonValueKind.Array)
        {
            foreach (var value in list.EnumerateArray())
            {
                if (value.ValueKind != JsonValueKind.String)
                {
                    error = $"matchExpressions {keyText}: values must be strings";
                    return false;
                }

                values.Add(value.GetString()!);
            }
        }

        var needsValues = parsed is LabelSelectorOperator.In or LabelSelectorOperator.NotIn;
        if (needsValues != (values.Count > 0))
        {
            error = needsValues
                ? $"matchExpressions {keyText}: {parsed} needs values"
                : $"matchExpressions {keyText}: {parsed} takes no values";
            return false;
        }

        requirement = new LabelSelectorRequirement(keyText, parsed, values);
        return true;
    }
}
