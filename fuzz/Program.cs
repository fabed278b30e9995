using RestoreMutator.Fuzz;
using RestoreMutator.Fuzz.Targets;
using SharpFuzz;

// dotnet RestoreMutator.Fuzz.dll TARGET                  under afl-fuzz: the fork server loop (input on stdin)
// dotnet RestoreMutator.Fuzz.dll replay TARGET FILE...    uninstrumented build: one line per file, exit 1 if any fails
// dotnet RestoreMutator.Fuzz.dll seeds TARGET REPO OUT    writes the seed corpus of TARGET from the repository
if (args is [var name] && FuzzTarget.Find(name) is { } target)
{
    // Out of process: a child that hangs or dies is restarted by the fork server instead of ending
    // the campaign (SharpFuzz's in-process loop cannot survive AFL++ killing it on a timeout).
    Fuzzer.OutOfProcess.Run(stream =>
    {
        using var buffer = new MemoryStream();
        stream.CopyTo(buffer);
        target.Check(buffer.ToArray());
    });
    return 0;
}

if (args is ["replay", var replayName, .. var files] && FuzzTarget.Find(replayName) is { } replayTarget)
{
    return Replay.Run(replayTarget, files);
}

if (args is ["seeds", var seedName, var repo, var output] && FuzzTarget.Find(seedName) is { } seedTarget)
{
    var count = Seeds.Write(seedTarget.Name, repo, output);
    Console.WriteLine($"{count} seeds for {seedTarget.Name} in {output}");
    return count > 0 ? 0 : 1;
}

Console.Error.WriteLine($"usage: RestoreMutator.Fuzz ({string.Join('|', FuzzTarget.All.Select(t => t.Name))}) | replay TARGET FILE... | seeds TARGET REPO OUT");
return 2;
