namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>namespaceMapping</c> (K1 fallback): namespace names on both sides.</summary>
internal static class NamespaceMappingReader
{
    public static IReadOnlyDictionary<string, string> Read(ConfigSection root)
    {
        var mapping = root.StringMap("namespaceMapping");
        foreach (var (from, to) in mapping)
        {
            ConfigChecks.RequireNamespace(root, $"namespaceMapping.{from}", from);
            ConfigChecks.RequireNamespace(root, $"namespaceMapping.{from}", to);
        }

        return mapping;
    }
}
