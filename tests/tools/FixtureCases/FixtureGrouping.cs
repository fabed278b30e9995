namespace RestoreMutator.FixtureCases;

/// <summary>Converts every fixture and groups the cases by effective configuration (one server per group).</summary>
internal static class FixtureGrouping
{
    public static IReadOnlyList<CaseGroup> Group(string fixturesRoot, TextWriter log)
    {
        var groups = new Dictionary<string, CaseGroup>(StringComparer.Ordinal);
        var skipped = 0;
        var versionless = 0;
        foreach (var fixture in FixtureFiles.All(fixturesRoot))
        {
            var configPath = fixture.ConfigPath;
            var source = Path.GetRelativePath(fixturesRoot, configPath).Replace('\\', '/');
            var effective = SimConfig.Effective(File.ReadAllText(configPath), fixture.Facts, source, out var unsupported);
            if (effective is null)
            {
                log.WriteLine($"skip {fixture.Name}: {unsupported}");
                skipped++;
                continue;
            }

            if (!groups.TryGetValue(effective, out var group))
            {
                var facts = fixture.Facts?.Any(f => f.Value is not null && f.Key != ServerVersionVariant.Fact) == true ? " + facts of " + fixture.Name : string.Empty;
                group = new CaseGroup($"fixtures-{groups.Count + 1:00}", source + facts, effective);
                groups.Add(effective, group);
            }

            if (ServerVersionVariant.Applies(fixture))
            {
                log.WriteLine($"note {fixture.Name}: facts.serverVersion has no config key (only lookup K2 gives it); checked with the version unknown, {ServerVersionVariant.Annotation} as in the input");
                versionless++;
            }

            group.Cases[SimCaseBuilder.FileName(fixture.Name)] = SimCaseBuilder.FromFixture(fixture);
        }

        log.WriteLine($"fixtures: {groups.Values.Sum(g => g.Cases.Count)} converted ({versionless} with serverVersion unknown), {skipped} skipped, {groups.Count} configurations");
        return groups.Values.ToList();
    }
}
