using RestoreMutator.FixtureCases;

// FixtureCases --out DIR [--fixtures DIR] [--examples-config FILE --examples-cases DIR]
// Writes DIR/<group>/{config.yaml,lookups.json?,cases/*.json} for tests/e2e/apiserver-check and
// prints one line per group and per fixture that cannot be checked against a real server (with
// the reason). Exit 2 on bad input.
try
{
    var options = CaseOptions.Parse(args);
    var groups = new List<CaseGroup>();
    if (options.FixturesDirectory is { } fixtures)
    {
        groups.AddRange(FixtureGrouping.Group(fixtures, Console.Out));
    }

    if (options.ExamplesConfig is { } examplesConfig && options.ExamplesCases is { } examplesCases)
    {
        groups.Add(CaseGroup.FromExamples(examplesConfig, examplesCases));
    }

    GroupWriter.Write(groups, options.OutputDirectory, Console.Out);
    return 0;
}
catch (InvalidFixtureException e)
{
    Console.Error.WriteLine("FixtureCases: " + e.Message);
    return 2;
}
