using BenchmarkDotNet.Running;
using RestoreMutator.Diagnostics.Benchmarks;
using RestoreMutator.Transforms.Benchmarks;

// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- sinks | cat >/dev/null   (log sink candidates)
// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- metrics-memory own|otel|none
// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- metrics-text own|otel
// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- metrics-isolation own|otel
// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- --filter '*LogFormat*'     (the log line's layout: CPU and bytes)
// dotnet run -c Release --project bench/Diagnostics.Benchmarks -- --filter '*'             (BenchmarkDotNet)
return args.FirstOrDefault() switch
{
    "sinks" => SinkComparison.Run(args[1..]),
    "metrics-memory" => await MetricsFootprint.RunAsync(args[1..]),
    "metrics-text" => await MetricsFootprint.TextAsync(args[1..]),
    "metrics-isolation" => await MetricsFootprint.IsolationAsync(args[1..]),
    _ => Run(args),
};

static int Run(string[] args)
{
    BenchmarkSwitcher.FromAssembly(typeof(MetricsBenchmarks).Assembly).Run(args, new BenchmarkConfig());
    return 0;
}
