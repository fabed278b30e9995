namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>routes</c> (T1, T2): the generated-host mode, a destination domain and domain rewrites.</summary>
internal static class RouteSettingsReader
{
    public static RouteSettings Read(ConfigSection root, RouteSettings defaults)
    {
        var section = root.Section("routes");
        var settings = new RouteSettings
        {
            GeneratedHosts = section.Enum("generatedHosts", defaults.GeneratedHosts),
            DestinationDomain = section.String("destinationDomain", defaults.DestinationDomain),
            DomainRewrites = section.RewriteList("domainRewrites"),
        };
        section.RejectUnknownKeys();
        if (settings.DestinationDomain.Length > 0 && !KubernetesNames.IsDnsSubdomain(settings.DestinationDomain))
        {
            section.Error("destinationDomain", $"must be a DNS domain, got '{ConfigChecks.Clip(settings.DestinationDomain)}'");
        }

        ConfigChecks.RequireRewrites(section, "domainRewrites", settings.DomainRewrites, KubernetesNames.IsDnsSubdomain, "a DNS domain");
        return settings;
    }
}
