namespace RestoreMutator.FixtureCases;

/// <summary>The command line of the converter.</summary>
internal sealed record CaseOptions(
    string OutputDirectory,
    string? FixturesDirectory,
    string? ExamplesConfig,
    string? ExamplesCases)
{
    public static CaseOptions Parse(IReadOnlyList<string> args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i < args.Count; i += 2)
        {
            if (i + 1 >= args.Count || !args[i].StartsWith("--", StringComparison.Ordinal))
            {
                throw new InvalidFixtureException($"expected --option value pairs, got '{args[i]}'");
            }

            values[args[i][2..]] = Path.GetFullPath(args[i + 1]);
        }

        var unknown = values.Keys.Except(["out", "fixtures", "examples-config", "examples-cases"]).ToList();
        if (unknown.Count > 0)
        {
            throw new InvalidFixtureException($"unknown option --{unknown[0]}");
        }

        var options = new CaseOptions(
            values.TryGetValue("out", out var output) ? output : throw new InvalidFixtureException("--out is required"),
            values.GetValueOrDefault("fixtures"),
            values.GetValueOrDefault("examples-config"),
            values.GetValueOrDefault("examples-cases"));
        if ((options.ExamplesConfig is null) != (options.ExamplesCases is null))
        {
            throw new InvalidFixtureException("--examples-config and --examples-cases go together");
        }

        return options;
    }
}
