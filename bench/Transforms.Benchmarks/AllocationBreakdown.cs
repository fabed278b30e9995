using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// Bytes allocated per review by each stage of the admission path and by each rule, on the current
/// thread (<c>GC.GetAllocatedBytesForCurrentThread</c>), after a warm-up: where the total that
/// <c>[MemoryDiagnoser]</c> reports for <see cref="AdmissionPathBenchmarks.FullPath"/> comes from.
/// <code>dotnet run -c Release --project bench/Transforms.Benchmarks -- alloc [SAMPLE...]</code>
/// </summary>
public static class AllocationBreakdown
{
    private const int Rounds = 2000;

    public static void Run(IReadOnlyList<string> samples)
    {
        ReviewPath.ForEachSample(samples, (name, bench) =>
        {
            var (pipeline, facts, review) = bench.Parts;
            var bytes = new long[ReviewPath.Stages.Length];
            var measure = false;
            var last = 0L;
            Action<int> ended = stage =>
            {
                if (measure)
                {
                    bytes[stage] += GC.GetAllocatedBytesForCurrentThread() - last;
                }

                last = GC.GetAllocatedBytesForCurrentThread();
            };
            for (var round = 0; round < Rounds * 2; round++)
            {
                measure = round >= Rounds;
                last = GC.GetAllocatedBytesForCurrentThread();
                ReviewPath.RunStaged(review, pipeline, facts, ended);
            }

            Console.WriteLine($"{name}: bytes allocated per review");
            var total = 0L;
            for (var stage = 0; stage < bytes.Length; stage++)
            {
                Console.WriteLine($"  {ReviewPath.Stages[stage],-40} {bytes[stage] / Rounds,8:N0}");
                total += bytes[stage] / Rounds;
            }

            Console.WriteLine($"  {"total",-40} {total,8:N0}");
            Console.WriteLine("  each rule alone (a pipeline of that rule; includes the run's own bookkeeping):");
            using (var document = JsonDocument.Parse(review, AdmissionReviewParser.DocumentOptions))
            {
                var parsed = ReviewPath.Envelope(document);
                foreach (var rule in pipeline.Rules)
                {
                    var single = new MutationPipeline(bench.Settings, [rule]);
                    if (!single.Handles(parsed.Request.Kind.GroupKind))
                    {
                        continue;
                    }

                    var plan = single.Plan(parsed.Request);
                    single.Run(plan, facts);
                    var before = GC.GetAllocatedBytesForCurrentThread();
                    for (var i = 0; i < Rounds; i++)
                    {
                        single.Run(plan, facts);
                    }

                    Console.WriteLine($"    {rule.GetType().Name,-38} {(GC.GetAllocatedBytesForCurrentThread() - before) / Rounds,8:N0}");
                }
            }
        });
    }
}
