using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Admission;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// <c>sinks</c>: every log sink candidate under the same load in one run, interleaved round by
/// round so a drifting machine affects all alike. Each call is the server's summary event
/// (<c>AdmissionLog.Reviewed</c>) through the server's logger factory. Log lines go to stdout
/// (pipe it to <c>cat &gt;/dev/null</c>, as a container runtime reads it); the report goes to stderr.
/// Two loads: <c>paced</c> (RATE events/s from THREADS threads for SECONDS, like a busy server) and
/// <c>burst</c> (EVENTS as fast as the threads can log: what happens when stdout cannot keep up).
/// </summary>
public static class SinkComparison
{
    public static int Run(string[] args)
    {
        var rate = Option(args, "--rate", 20_000);
        var seconds = Option(args, "--seconds", 5);
        var threads = Option(args, "--threads", 4);
        var burst = Option(args, "--events", 200_000);
        var rounds = Option(args, "--rounds", 3);
        var names = args.SkipWhile(a => a != "--only").Skip(1).FirstOrDefault()?.Split(',') ?? SinkCandidate.Names;
        var results = new List<Result>();
        Report($"sinks: paced {rate}/s for {seconds} s and burst of {burst}, {threads} threads, {rounds} rounds, {Environment.ProcessorCount} cores, load {LoadAverage()}");
        // One untimed pass first: JIT tiering and the runtime's own warm-up must not land on whichever candidate runs first.
        foreach (var name in names)
        {
            Measure(name, "warm", threads, 0, 20_000);
        }

        for (var round = 0; round < rounds; round++)
        {
            // Rotate the order each round.
            foreach (var name in names.Skip(round % names.Length).Concat(names.Take(round % names.Length)))
            {
                results.Add(Measure(name, "paced", threads, rate, seconds * rate));
                results.Add(Measure(name, "burst", threads, 0, burst));
            }
        }

        Report("");
        Report("| load | sink | CPU µs/event | alloc B/event | call p50 µs | call p99 µs | call max µs | flush ms | dropped | events/s |");
        Report("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var group in results.GroupBy(r => (r.Load, r.Name)))
        {
            var median = group.OrderBy(r => r.CpuPerEvent).ElementAt(group.Count() / 2);
            Report(string.Create(CultureInfo.InvariantCulture,
                $"| {group.Key.Load} | {group.Key.Name} | {median.CpuPerEvent:F2} ({group.Min(r => r.CpuPerEvent):F2}-{group.Max(r => r.CpuPerEvent):F2}) | {median.AllocPerEvent:F0} | {median.P50:F1} | {median.P99:F1} | {median.Max:F0} | {median.FlushMs:F0} | {DroppedText(group)} | {median.Throughput:F0} |"));
        }

        Report($"load average after: {LoadAverage()}");
        return 0;
    }

    private static string DroppedText(IEnumerable<Result> group) =>
        group.Any(r => r.Dropped is null) ? "not counted" : string.Join("/", group.Select(r => r.Dropped));

    private static Result Measure(string name, string load, int threads, int rate, int events)
    {
        using var candidate = SinkCandidate.Create(name);
        var logger = candidate.Factory.CreateLogger("RestoreMutator.Webhook.Admission.AdmissionHandler");
        Emit(logger, 2_000, 0); // warm up: JIT, template cache, writer thread started
        Thread.Sleep(100);
        GC.Collect();
        var latencies = new long[events];
        var perThread = events / threads;
        var cpu = Environment.CpuUsage.TotalTime;
        var allocated = GC.GetTotalAllocatedBytes(precise: true);
        var clock = Stopwatch.StartNew();
        var workers = Enumerable.Range(0, threads).Select(t => new Thread(() =>
        {
            var interval = rate > 0 ? Stopwatch.Frequency * threads / (double)rate : 0;
            var start = Stopwatch.GetTimestamp();
            for (var i = 0; i < perThread; i++)
            {
                if (interval > 0)
                {
                    var due = start + (long)(i * interval);
                    while (Stopwatch.GetTimestamp() < due)
                    {
                        Thread.Sleep(1);
                    }
                }

                var before = Stopwatch.GetTimestamp();
                Log(logger, i);
                latencies[(t * perThread) + i] = Stopwatch.GetTimestamp() - before;
            }
        })).ToList();
        workers.ForEach(w => w.Start());
        workers.ForEach(w => w.Join());
        var emitted = clock.Elapsed;
        var dropped = candidate.Dropped;
        candidate.Dispose();
        var flushed = clock.Elapsed;
        var cpuUsed = Environment.CpuUsage.TotalTime - cpu;
        var bytes = GC.GetTotalAllocatedBytes(precise: true) - allocated;
        var total = perThread * threads;
        Array.Sort(latencies, 0, total);
        double Micros(long ticks) => ticks * 1_000_000.0 / Stopwatch.Frequency;
        var result = new Result(name, load, cpuUsed.TotalMicroseconds / total, (double)bytes / total,
            Micros(latencies[total / 2]), Micros(latencies[(int)(total * 0.99)]), Micros(latencies[total - 1]),
            (flushed - emitted).TotalMilliseconds, dropped, total / emitted.TotalSeconds);
        Report(string.Create(CultureInfo.InvariantCulture, $"  {load,-5} {name,-24} cpu {result.CpuPerEvent,6:F2} µs/event, p99 {result.P99,7:F1} µs, dropped {dropped?.ToString(CultureInfo.InvariantCulture) ?? "?"}, flush {result.FlushMs:F0} ms"));
        return result;
    }

    private static void Emit(ILogger logger, int count, int offset)
    {
        for (var i = 0; i < count; i++)
        {
            Log(logger, offset + i);
        }
    }

    /// <summary>The summary event of a patched pod, with the fields the server fills in.</summary>
    private static void Log(ILogger logger, int i) =>
        AdmissionLog.Reviewed(logger, "0000beef-sim0-4000-8000-000000000001", "Pod", "shop", "web-7d9f8c6b5-x2x4z", "CREATE",
            false, "patched", 9, "registry,nodeSelector,nodeName,annotations", string.Empty, 40 + (i % 50), null, 0, null);

    private static int Option(string[] args, string name, int fallback)
    {
        var index = Array.IndexOf(args, name);
        return index >= 0 && index + 1 < args.Length ? int.Parse(args[index + 1], CultureInfo.InvariantCulture) : fallback;
    }

    private static string LoadAverage() => File.Exists("/proc/loadavg") ? File.ReadAllText("/proc/loadavg").Trim() : "?";

    private static void Report(string line) => Console.Error.WriteLine(line);

    private sealed record Result(string Name, string Load, double CpuPerEvent, double AllocPerEvent, double P50, double P99, double Max,
        double FlushMs, long? Dropped, double Throughput);
}
