using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Tests.Support;

/// <summary>
/// Loads mutation settings from a full configuration file, as the offline tools do: the server's
/// own sections (which fixtures carry, e.g. <c>lookups: off</c>) are the host's and not read here.
/// </summary>
public static class TestSettings
{
    public static SettingsLoadResult Load(string yaml) => SettingsLoader.Load(yaml, root => root.Ignore("server", "velero", "lookups"));
}
