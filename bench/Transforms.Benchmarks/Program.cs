using BenchmarkDotNet.Running;
using RestoreMutator.Transforms.Benchmarks;

// `dotnet run -c Release --project bench/Transforms.Benchmarks -- --filter '*'` runs everything;
// any BenchmarkDotNet argument works (--filter, --job, --memory, ...).
// `-- alloc [SAMPLE...]` prints the bytes allocated per review by stage instead (AllocationBreakdown).
if (args is ["alloc", .. var samples])
{
    AllocationBreakdown.Run(samples);
    return;
}

BenchmarkSwitcher.FromAssembly(typeof(AdmissionPathBenchmarks).Assembly).Run(args, new BenchmarkConfig());
