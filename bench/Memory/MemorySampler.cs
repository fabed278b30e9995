using System.Globalization;

namespace RestoreMutator.Bench.Memory;

/// <summary>Samples the server's VmRSS every 20 ms (and VmHWM, and the cgroup's figures when given).</summary>
internal sealed class MemorySampler(int pid, string? cgroup) : IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private long _peak;
    private Task? _loop;

    public long PeakRssBytes => Interlocked.Read(ref _peak);

    public bool ServerAlive => File.Exists($"/proc/{pid}/status");

    /// <summary>The server's CPU time so far (utime + stime from /proc/PID/stat, in clock ticks of 10 ms).</summary>
    public TimeSpan ServerCpu()
    {
        try
        {
            var stat = File.ReadAllText($"/proc/{pid}/stat");
            var fields = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
            var ticks = long.Parse(fields[11], CultureInfo.InvariantCulture) + long.Parse(fields[12], CultureInfo.InvariantCulture);
            return TimeSpan.FromMilliseconds(ticks * 10);
        }
        catch (IOException)
        {
            return TimeSpan.Zero;
        }
    }

    public void Start() => _loop = Task.Run(async () =>
    {
        while (!_stop.IsCancellationRequested)
        {
            var rss = Current().RssBytes;
            long seen;
            while (rss > (seen = Interlocked.Read(ref _peak)) && Interlocked.CompareExchange(ref _peak, rss, seen) != seen)
            {
            }

            await Task.Delay(20);
        }
    });

    public Sample Current()
    {
        long rss = 0, hwm = 0;
        try
        {
            foreach (var line in File.ReadLines($"/proc/{pid}/status"))
            {
                if (line.StartsWith("VmRSS:", StringComparison.Ordinal))
                {
                    rss = Kib(line);
                }
                else if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
                {
                    hwm = Kib(line);
                }
            }
        }
        catch (IOException)
        {
        }

        return new Sample(rss, hwm, Read("memory.max_usage_in_bytes"), Read("memory.failcnt"), OomKills());
    }

    public void Dispose()
    {
        _stop.Cancel();
        _loop?.Wait();
        _stop.Dispose();
    }

    private static long Kib(string line) => long.Parse(line.Split(' ', StringSplitOptions.RemoveEmptyEntries)[1], CultureInfo.InvariantCulture) * 1024;

    private long Read(string file)
    {
        if (cgroup is null)
        {
            return 0;
        }

        try
        {
            return long.Parse(File.ReadAllText(Path.Combine(cgroup, file)).Trim(), CultureInfo.InvariantCulture);
        }
        catch (IOException)
        {
            return -1;
        }
    }

    private long OomKills()
    {
        if (cgroup is null)
        {
            return 0;
        }

        var line = File.ReadLines(Path.Combine(cgroup, "memory.oom_control")).FirstOrDefault(l => l.StartsWith("oom_kill ", StringComparison.Ordinal));
        return line is null ? 0 : long.Parse(line["oom_kill ".Length..], CultureInfo.InvariantCulture);
    }

    public readonly record struct Sample(long RssBytes, long HwmBytes, long CgroupMaxUsageBytes, long CgroupFailCount, long OomKills);
}
