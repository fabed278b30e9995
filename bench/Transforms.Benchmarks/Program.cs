using BenchmarkDotNet.Running;
using RestoreMutator.Transforms.Benchmarks;

// `dotnet run -c Release --project bench/Transforms.Benchmarks -- --filter '*'` runs everything;
// any BenchmarkDotNet argument works (--filter, --job, --memory, ...).
// `-- alloc [SAMPLE...]` prints the bytes allocated per review by stage instead (AllocationBreakdown).
// `-- stages [SAMPLE...]` prints the time per review by stage (StageTimes).
// `-- rules-ratio [SAMPLE...]` measures the operator-rules ratio in alternating rounds (InterleavedRatio).
if (args is ["stages", .. var stageSamples])
{
    StageTimes.Run(stageSamples);
    return;
}

if (args is ["alloc", .. var samples])
{
    AllocationBreakdown.Run(samples);
    return;
}

if (args is ["rules-ratio", .. var ratioSamples])
{
    InterleavedRatio.Run(ratioSamples);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AdmissionPathBenchmarks).Assembly).Run(args, new BenchmarkConfig());
