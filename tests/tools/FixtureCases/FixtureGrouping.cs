namespace RestoreMutator.FixtureCases;

/// <summary>Converts every fixture and groups the cases by effective configuration (one server per group).</summary>
internal static class FixtureGrouping
{
    public static IReadOnlyList<CaseGroup> Group(string fixturesRoot, TextWriter log)
    {
        var groups = new Dictionary<string, CaseGroup>(StringComparer.Ordinal);
        var skipped = 0;
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
                var facts = fixture.Facts is { Count: > 0 } f ? " + facts of " + fixture.Name : string.Empty;
                group = new CaseGroup($"fixtures-{groups.Count + 1:00}", source + facts, effective);
                groups.Add(effective, group);
            }

            group.Cases[SimCaseBuilder.FileName(fixture.Name)] = SimCaseBuilder.FromFixture(fixture);
        }

        log.WriteLine($"fixtures: {groups.Values.Sum(g => g.Cases.Count)} converted, {skipped} skipped, {groups.Count} configurations");
        return groups.Values.ToList();
    }
}
