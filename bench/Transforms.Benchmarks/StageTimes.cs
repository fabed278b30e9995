using System.Diagnostics;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// Time per review of each stage of the admission path, in process, after a warm-up: the split of
/// what <see cref="AdmissionPathBenchmarks.FullPath"/> costs, stage by stage, on the same sample
/// (the stages of <see cref="AllocationBreakdown"/>). Medians of 15 rounds of 20,000 reviews;
/// a stage's time includes a timestamp read and a delegate call (about 20 ns).
/// <code>dotnet run -c Release --project bench/Transforms.Benchmarks -- stages [SAMPLE...]</code>
/// </summary>
public static class StageTimes
{
    private const int Reviews = 20_000;
    private const int Rounds = 15;

    public static void Run(IReadOnlyList<string> samples)
    {
        ReviewPath.ForEachSample(samples, (name, bench) =>
        {
            var (pipeline, facts, review) = bench.Parts;
            var perRound = new List<double>[ReviewPath.Stages.Length];
            for (var stage = 0; stage < ReviewPath.Stages.Length; stage++)
            {
                perRound[stage] = [];
            }

            var ticks = new long[ReviewPath.Stages.Length];
            var last = 0L;
            Action<int> ended = stage =>
            {
                var now = Stopwatch.GetTimestamp();
                ticks[stage] += now - last;
                last = now;
            };
            for (var round = -3; round < Rounds; round++)
            {
                Array.Clear(ticks);
                for (var i = 0; i < Reviews; i++)
                {
                    last = Stopwatch.GetTimestamp();
                    ReviewPath.RunStaged(review, pipeline, facts, ended);
                }

                if (round >= 0)
                {
                    for (var stage = 0; stage < ReviewPath.Stages.Length; stage++)
                    {
                        perRound[stage].Add(ticks[stage] * 1e9 / Stopwatch.Frequency / Reviews);
                    }
                }
            }

            Console.WriteLine($"{name}: ns per review, median of {Rounds} rounds of {Reviews:N0} (quartiles)");
            var total = 0.0;
            for (var stage = 0; stage < ReviewPath.Stages.Length; stage++)
            {
                perRound[stage].Sort();
                var median = perRound[stage][Rounds / 2];
                total += median;
                Console.WriteLine($"  {ReviewPath.Stages[stage],-40} {median,8:N0}   ({perRound[stage][Rounds / 4]:N0}-{perRound[stage][Rounds * 3 / 4]:N0})");
            }

            Console.WriteLine($"  {"total",-40} {total,8:N0}");
        });
    }
}
