using RestoreMutator.Transforms.Diagnostics;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>registry</c> (R1, R2): a destination host and prefix rewrites without loops.</summary>
internal static class RegistrySettingsReader
{
    public static RegistrySettings Read(ConfigSection root, RegistrySettings defaults)
    {
        var section = root.Section("registry");
        var settings = new RegistrySettings
        {
            Destination = section.String("destination", defaults.Destination),
            Rewrites = section.RewriteList("rewrites"),
        };
        section.RejectUnknownKeys();
        if (settings.Destination.Length > 0 && !KubernetesNames.IsRegistryHost(settings.Destination))
        {
            section.Error("destination", $"must be a registry host[:port], got '{ConfigChecks.Clip(settings.Destination)}'");
        }

        ConfigChecks.RequireRewrites(section, "rewrites", settings.Rewrites, KubernetesNames.IsRepositoryPrefix, "a registry host[:port] with an optional /path");
        foreach (var (key, message) in PrefixRewriteChecks.Find(settings.Rewrites))
        {
            section.Error(key, SafeText.Sanitize(message, 240));
        }

        return settings;
    }
}
