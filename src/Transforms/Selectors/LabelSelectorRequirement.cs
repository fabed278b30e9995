namespace RestoreMutator.Transforms.Selectors;

/// <summary>One <c>matchExpressions</c> entry: <c>{key, operator, values}</c>.</summary>
public sealed record LabelSelectorRequirement(string Key, LabelSelectorOperator Operator, IReadOnlyList<string> Values)
{
    /// <summary>Whether <paramref name="labels"/> satisfy this requirement.</summary>
    public bool Matches(IReadOnlyDictionary<string, string> labels)
    {
        ArgumentNullException.ThrowIfNull(labels);
        var present = labels.TryGetValue(Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In => present && Values.Contains(value!, StringComparer.Ordinal),
            LabelSelectorOperator.NotIn => !present || !Values.Contains(value!, StringComparer.Ordinal),
            LabelSelectorOperator.Exists => present,
            _ => !present,
        };
    }

    /// <summary>As <see cref="Matches(IReadOnlyDictionary{string, string})"/> on a labels map as read-only JSON (see <see cref="LabelSelector.Matches(System.Text.Json.JsonElement)"/>).</summary>
    public bool Matches(System.Text.Json.JsonElement labels)
    {
        var present = LabelSelector.TryGetLabel(labels, Key, out var value);
        return Operator switch
        {
            LabelSelectorOperator.In => present && AnyValueIs(value),
            LabelSelectorOperator.NotIn => !present || !AnyValueIs(value),
            LabelSelectorOperator.Exists => present,
            _ => !present,
        };
    }

    private bool AnyValueIs(System.Text.Json.JsonElement value)
    {
        for (var i = 0; i < Values.Count; i++)
        {
            if (value.ValueEquals(Values[i]))
            {
                return true;
            }
        }

        return false;
    }
}
