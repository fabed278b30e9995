namespace RestoreMutator.FixtureCases;

/// <summary>The command line of the converter.</summary>
internal sealed record CaseOptions(
    string OutputDirectory,
    string CertificateDirectory,
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

        string Required(string key) => values.TryGetValue(key, out var value) ? value : throw new InvalidFixtureException($"--{key} is required");
        var options = new CaseOptions(
            Required("out"),
            Required("certs"),
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
