namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>nodes</c> (P5, V2) and <c>storageClasses</c> (V1): name maps of DNS subdomains.</summary>
internal static class NodeSettingsReader
{
    public static NodeSettings ReadNodes(ConfigSection root)
    {
        var section = root.Section("nodes");
        var settings = new NodeSettings { Mapping = section.StringMap("mapping") };
        section.RejectUnknownKeys();
        ConfigChecks.RequireSubdomainMap(section, "mapping", settings.Mapping, "node names");
        return settings;
    }

    public static IReadOnlyDictionary<string, string> ReadStorageClasses(ConfigSection root)
    {
        var classes = root.StringMap("storageClasses");
        ConfigChecks.RequireSubdomainMap(root, "storageClasses", classes, "storage class names");
        return classes;
    }
}
