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
}
