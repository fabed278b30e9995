using System.Text.Json.Nodes;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Converts every fixture and groups the cases by effective configuration and lookup facts: one
/// server (and fake API server) per group, because a server caches what its lookups found.
/// </summary>
internal static class FixtureGrouping
{
    public static IReadOnlyList<CaseGroup> Group(string fixturesRoot, TextWriter log)
    {
        var groups = new Dictionary<string, CaseGroup>(StringComparer.Ordinal);
        var skipped = 0;
        var withLookups = 0;
        foreach (var fixture in FixtureFiles.All(fixturesRoot))
        {
            var configPath = fixture.ConfigPath;
            var source = Path.GetRelativePath(fixturesRoot, configPath).Replace('\\', '/');
            var effective = EffectiveConfig.Effective(File.ReadAllText(configPath), fixture.Facts, source, Path.GetDirectoryName(configPath)!, out var unsupported, out var lookups);
            if (effective is null)
            {
                log.WriteLine($"skip {fixture.Name}: {unsupported}");
                skipped++;
                continue;
            }

            var key = effective + "\n" + lookups?.ToJsonString();
            if (!groups.TryGetValue(key, out var group))
            {
                var facts = fixture.Facts?.Any(f => f.Value is not null) == true ? " + facts of " + fixture.Name : string.Empty;
                group = new CaseGroup($"fixtures-{groups.Count + 1:00}", source + facts, effective, (JsonObject?)lookups?.DeepClone());
                groups.Add(key, group);
            }

            withLookups += lookups is null ? 0 : 1;
            group.Cases[CaseBuilder.FileName(fixture.Name)] = CaseBuilder.FromFixture(fixture);
        }

        log.WriteLine($"fixtures: {groups.Values.Sum(g => g.Cases.Count)} converted ({withLookups} with facts from the fake API server), {skipped} skipped, {groups.Count} groups");
        return groups.Values.ToList();
    }
}
