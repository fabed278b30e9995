using BenchmarkDotNet.Running;
using RestoreMutator.Transforms.Benchmarks;

// `dotnet run -c Release --project bench/Transforms.Benchmarks -- --filter '*'` runs everything;
// any BenchmarkDotNet argument works (--filter, --job, --memory, ...).
BenchmarkSwitcher.FromAssembly(typeof(AdmissionPathBenchmarks).Assembly).Run(args, new BenchmarkConfig());
