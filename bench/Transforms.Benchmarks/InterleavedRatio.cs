using System.Diagnostics;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// The operator-rules ratio (SPEC U, at most +25%) measured so that a shared, noisy machine
/// cannot tilt it: both methods of <see cref="OperatorRulesBenchmarks"/> run in alternating
/// quarter-second rounds after a warm-up, and the median of the per-round ratios is reported with
/// its quartiles. A neighbour's burst slows both halves of a round alike; BenchmarkDotNet's mean of
/// separate runs does not have that property.
/// <code>dotnet run -c Release --project bench/Transforms.Benchmarks -- rules-ratio [SAMPLE...]</code>
/// </summary>
public static class InterleavedRatio
{
    private const int Rounds = 31;
    private static readonly TimeSpan RoundLength = TimeSpan.FromMilliseconds(250);

    public static void Run(IReadOnlyList<string> samples)
    {
        Console.WriteLine($"| Sample | NoRules (median) | TwentyRules (median) | Ratio median | Ratio quartiles | Rounds |");
        Console.WriteLine("|---|---:|---:|---:|---|---:|");
        foreach (var name in samples.Count > 0 ? samples : ["pod-5k", "deployment-10k", "deployment-1mib"])
        {
            var bench = new OperatorRulesBenchmarks { Sample = name };
            bench.Setup();
            var warmUp = Stopwatch.StartNew();
            while (warmUp.Elapsed < TimeSpan.FromSeconds(4))
            {
                bench.NoRules();
                bench.TwentyRules();
            }

            var without = new double[Rounds];
            var with = new double[Rounds];
            var ratios = new double[Rounds];
            for (var round = 0; round < Rounds; round++)
            {
                // Alternate which goes first, so neither always runs right after a GC of the other.
                if (round % 2 == 0)
                {
                    without[round] = MicrosecondsPerCall(bench.NoRules);
                    with[round] = MicrosecondsPerCall(bench.TwentyRules);
                }
                else
                {
                    with[round] = MicrosecondsPerCall(bench.TwentyRules);
                    without[round] = MicrosecondsPerCall(bench.NoRules);
                }

                ratios[round] = with[round] / without[round];
            }

            Array.Sort(without);
            Array.Sort(with);
            Array.Sort(ratios);
            Console.WriteLine($"| {name} | {without[Rounds / 2]:F1} us | {with[Rounds / 2]:F1} us | {ratios[Rounds / 2]:F2}x | {ratios[Rounds / 4]:F2}x-{ratios[3 * Rounds / 4]:F2}x | {Rounds} |");
        }
    }

    private static double MicrosecondsPerCall(Func<int> call)
    {
        var calls = 0;
        var clock = Stopwatch.StartNew();
        while (clock.Elapsed < RoundLength)
        {
            call();
            calls++;
        }

        return clock.Elapsed.TotalMicroseconds / calls;
    }
}
