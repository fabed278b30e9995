namespace RestoreMutator.Transforms.Configuration.Readers;

/// <summary><c>pods</c> (P1, P2) and <c>builds</c> (B1): switches for the skip rules.</summary>
internal static class PodSettingsReader
{
    public static PodSettings ReadPods(ConfigSection root, PodSettings defaults)
    {
        var section = root.Section("pods");
        var settings = new PodSettings
        {
            SkipManaged = section.Bool("skipManaged", defaults.SkipManaged),
            SkipBuildPods = section.Bool("skipBuildPods", defaults.SkipBuildPods),
        };
        section.RejectUnknownKeys();
        return settings;
    }

    public static BuildSettings ReadBuilds(ConfigSection root, BuildSettings defaults)
    {
        var section = root.Section("builds");
        var settings = new BuildSettings { Skip = section.Bool("skip", defaults.Skip) };
        section.RejectUnknownKeys();
        return settings;
    }
}
