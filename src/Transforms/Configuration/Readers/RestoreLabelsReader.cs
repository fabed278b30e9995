namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>restoreLabels</c> (S1): at least one, each a valid label key.</summary>
internal static class RestoreLabelsReader
{
    public static IReadOnlyList<string> Read(ConfigSection root, IReadOnlyList<string> fallback)
    {
        var labels = root.StringList("restoreLabels", fallback);
        if (labels.Count == 0)
        {
            root.Error("restoreLabels", "must name at least one label");
        }

        foreach (var label in labels.Where(l => !KubernetesNames.IsQualifiedName(l)))
        {
            root.Error("restoreLabels", $"'{ConfigChecks.Clip(label)}' is not a valid label key");
        }

        return labels;
    }
}
