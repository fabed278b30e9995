using System.Diagnostics;
using System.Text.Json;
using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// Time per review of each stage of the admission path, in process, after a warm-up: the split of
/// what <see cref="AdmissionPathBenchmarks.FullPath"/> costs, stage by stage, on the same sample
/// (the stages of <see cref="AllocationBreakdown"/>). Medians of 15 rounds of 20,000 reviews;
/// a stage's time includes the two timestamp reads around it (about 20 ns).
/// <code>dotnet run -c Release --project bench/Transforms.Benchmarks -- stages [SAMPLE...]</code>
/// </summary>
public static class StageTimes
{
    private const int Reviews = 20_000;
    private const int Rounds = 15;

    private static readonly string[] Stages =
        ["1 parse (JsonDocument)", "2 envelope (AdmissionReviewParser)", "3 plan", "4 rules (MutationPipeline.Run)", "5 answer (AdmissionResponseWriter)"];

    public static void Run(IReadOnlyList<string> samples)
    {
        foreach (var name in samples.Count > 0 ? samples : ["deployment-8img", "pod-5k"])
        {
            var bench = new AdmissionPathBenchmarks { Sample = name };
            bench.Setup();
            var (pipeline, facts, review) = bench.Parts;
            var perRound = new List<double>[Stages.Length];
            for (var stage = 0; stage < Stages.Length; stage++)
            {
                perRound[stage] = [];
            }

            var ticks = new long[Stages.Length];
            for (var round = -3; round < Rounds; round++)
            {
                Array.Clear(ticks);
                for (var i = 0; i < Reviews; i++)
                {
                    var t0 = Stopwatch.GetTimestamp();
                    using var document = JsonDocument.Parse(review, AdmissionReviewParser.DocumentOptions);
                    var t1 = Stopwatch.GetTimestamp();
                    if (!AdmissionReviewParser.TryParse(document.RootElement, out var parsed, out var error))
                    {
                        throw new InvalidOperationException(error);
                    }

                    var t2 = Stopwatch.GetTimestamp();
                    var plan = pipeline.Plan(parsed.Request);
                    var t3 = Stopwatch.GetTimestamp();
                    var decision = pipeline.Run(plan, facts);
                    var t4 = Stopwatch.GetTimestamp();
                    ReviewPath.Write(parsed, decision);
                    var t5 = Stopwatch.GetTimestamp();
                    ticks[0] += t1 - t0;
                    ticks[1] += t2 - t1;
                    ticks[2] += t3 - t2;
                    ticks[3] += t4 - t3;
                    ticks[4] += t5 - t4;
                }

                if (round >= 0)
                {
                    for (var stage = 0; stage < Stages.Length; stage++)
                    {
                        perRound[stage].Add(ticks[stage] * 1e9 / Stopwatch.Frequency / Reviews);
                    }
                }
            }

            Console.WriteLine($"{name}: ns per review, median of {Rounds} rounds of {Reviews:N0} (quartiles)");
            var total = 0.0;
            for (var stage = 0; stage < Stages.Length; stage++)
            {
                perRound[stage].Sort();
                var median = perRound[stage][Rounds / 2];
                total += median;
                Console.WriteLine($"  {Stages[stage],-40} {median,8:N0}   ({perRound[stage][Rounds / 4]:N0}-{perRound[stage][Rounds * 3 / 4]:N0})");
            }

            Console.WriteLine($"  {"total",-40} {total,8:N0}");
            bench.Cleanup();
        }
    }
}
