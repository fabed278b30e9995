namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>namespaceRefs</c> (N4): the switch for Service DNS name rewrites.</summary>
internal static class NamespaceRefSettingsReader
{
    public static NamespaceRefSettings Read(ConfigSection root, NamespaceRefSettings defaults)
    {
        var section = root.Section("namespaceRefs");
        var settings = new NamespaceRefSettings { ServiceDns = section.Bool("serviceDns", defaults.ServiceDns) };
        section.RejectUnknownKeys();
        return settings;
    }
}
