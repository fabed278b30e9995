using RestoreMutator.FixtureCases;

// FixtureCases --out DIR --certs DIR [--fixtures DIR] [--examples-config FILE --examples-cases DIR]
// FixtureCases free-port    (prints a free loopback port)
// Writes DIR/<group>/{config.yaml,port,cases/*.json} and prints one line per group and per
// fixture that cannot be checked against a real server (with the reason). Exit 2 on bad input.
if (args is ["free-port"])
{
    Console.WriteLine(GroupWriter.FreePorts(1)[0]);
    return 0;
}

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

    GroupWriter.Write(groups, options.OutputDirectory, options.CertificateDirectory, Console.Out);
    return 0;
}
catch (InvalidFixtureException e)
{
    Console.Error.WriteLine("FixtureCases: " + e.Message);
    return 2;
}
