using System.Text.Json.Nodes;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Cases that one server, started with <see cref="EffectiveConfig"/>, answers; with
/// <see cref="Lookups"/> the facts apiserver-check's fake API server gives its cluster lookups.
/// </summary>
internal sealed class CaseGroup(string name, string source, string effectiveConfig, JsonObject? lookups)
{
    public string Name { get; } = name;

    /// <summary>Where the configuration came from, for the log.</summary>
    public string Source { get; } = source;

    /// <summary>The configuration without its server section.</summary>
    public string EffectiveConfig { get; } = effectiveConfig;

    /// <summary>Facts only cluster lookups give (<c>lookups.json</c>), or null when lookups are off.</summary>
    public JsonObject? Lookups { get; } = lookups;

    /// <summary>File name → case.</summary>
    public SortedDictionary<string, JsonObject> Cases { get; } = new(StringComparer.Ordinal);

    /// <summary>The hand-written cases in examples/cases, answered under examples/config.yaml.</summary>
    public static CaseGroup FromExamples(string configPath, string casesDirectory)
    {
        var effective = FixtureCases.EffectiveConfig.Effective(File.ReadAllText(configPath), facts: null, configPath, Path.GetDirectoryName(Path.GetFullPath(configPath))!, out _, out _)!;
        var group = new CaseGroup("examples", Path.GetFileName(configPath), effective, lookups: null);
        foreach (var file in Directory.EnumerateFiles(casesDirectory, "*.json"))
        {
            group.Cases[Path.GetFileName(file)] = JsonNode.Parse(File.ReadAllText(file)) as JsonObject
                ?? throw new InvalidFixtureException($"{file}: not a JSON object");
        }

        if (group.Cases.Count == 0)
        {
            throw new InvalidFixtureException($"{casesDirectory}: no *.json cases");
        }

        return group;
    }
}
