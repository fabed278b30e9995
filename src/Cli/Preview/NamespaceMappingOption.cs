using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// Parses <c>--namespace-mapping old:new</c> values (Velero's <c>--namespace-mappings</c> syntax,
/// one pair per option) and merges them over the config's <c>namespaceMapping</c>: the command
/// line describes this restore, the config only the fallback (SPEC K1).
/// </summary>
internal static class NamespaceMappingOption
{
    public static IReadOnlyDictionary<string, string> Merge(IReadOnlyDictionary<string, string> fromConfig, IReadOnlyList<string> values, List<string> errors)
    {
        ArgumentNullException.ThrowIfNull(fromConfig);
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(errors);
        var merged = new Dictionary<string, string>(fromConfig, StringComparer.Ordinal);
        var given = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (var value in values)
        {
            var parts = value.Split(':');
            if (parts.Length != 2 || !KubernetesNames.IsDnsLabel(parts[0]) || !KubernetesNames.IsDnsLabel(parts[1]))
            {
                errors.Add($"--namespace-mapping '{value}': expected old:new, two namespace names (RFC 1123 labels)");
                continue;
            }

            if (given.TryGetValue(parts[0], out var earlier) && earlier != parts[1])
            {
                errors.Add($"--namespace-mapping '{value}': {parts[0]} is already mapped to {earlier}");
                continue;
            }

            given[parts[0]] = parts[1];
            merged[parts[0]] = parts[1];
        }

        return merged;
    }
}
