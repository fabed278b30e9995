using System.Diagnostics;
using System.Globalization;
using RestoreMutator.Bench.Memory;

// bench/memory.sh runs this against a started server; see the script for the arguments.
var options = MemoryOptions.Parse(args);
using var sampler = new MemorySampler(options.ServerPid, options.Cgroup);
var idle = new IdleConnections(options);
using var reviews = new ReviewBurst(options);
var report = new List<string>();

sampler.Start();
var baseline = sampler.Current();
report.Add($"baseline rss_mib={Mib(baseline.RssBytes)}");

var opened = Stopwatch.StartNew();
await idle.OpenAsync(options.IdleConnections);
await Task.Delay(TimeSpan.FromSeconds(2));
var afterIdle = sampler.Current();
report.Add($"idle connections={idle.Open} failed={idle.Failed} seconds={opened.Elapsed.TotalSeconds:F1} rss_mib={Mib(afterIdle.RssBytes)}");

for (var round = 1; round <= options.Rounds; round++)
{
    var cpuBefore = sampler.ServerCpu();
    var result = await reviews.SendAsync(options.Concurrent);
    var cpu = (sampler.ServerCpu() - cpuBefore).TotalMilliseconds / options.Concurrent;
    var now = sampler.Current();
    report.Add($"round={round} reviews={options.Concurrent} answered_200={result.Answered} other={string.Join(',', result.Other)} "
        + $"p50_ms={result.Percentile(0.5):F0} max_ms={result.Percentile(1):F0} wall_ms={result.WallMilliseconds:F0} cpu_ms_per_review={cpu:F1} rss_mib={Mib(now.RssBytes)}");
}

await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
var settled = sampler.Current();
var alive = await idle.CountAliveAsync();
report.Add($"settled rss_mib={Mib(settled.RssBytes)} idle_alive={alive}/{idle.Open}");
report.Add($"peak rss_mib={Mib(sampler.PeakRssBytes)} vmhwm_mib={Mib(settled.HwmBytes)}"
    + (options.Cgroup is null ? string.Empty : $" cgroup_max_usage_mib={Mib(settled.CgroupMaxUsageBytes)} cgroup_failcnt={settled.CgroupFailCount} oom_kill={settled.OomKills}")
    + $" server_alive={sampler.ServerAlive}");
await idle.DisposeAsync();
foreach (var line in report)
{
    Console.WriteLine(line);
}

return sampler.ServerAlive ? 0 : 1;

static string Mib(long bytes) => (bytes / 1048576.0).ToString("F0", CultureInfo.InvariantCulture);
