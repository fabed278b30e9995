using System.Globalization;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// A memory cgroup with a limit, as a container runtime makes one for a pod's memory limit. The
/// server's own process joins it before the runtime starts (<see cref="WebhookProcess.Start"/> with
/// this cgroup), so the runtime sees the limit exactly as in a container; going over is an OOM kill.
/// cgroup v1 (<c>/sys/fs/cgroup/memory</c>) and v2 (a writable unified hierarchy with the memory
/// controller) are supported; elsewhere <see cref="TryCreate"/> says why not.
/// </summary>
public sealed class MemoryCgroup : IDisposable
{
    private const string V1Root = "/sys/fs/cgroup/memory";
    private const string V2Root = "/sys/fs/cgroup";
    private readonly bool _v2;

    private MemoryCgroup(string path, bool v2, long limitBytes)
    {
        Path = path;
        _v2 = v2;
        LimitBytes = limitBytes;
    }

    public string Path { get; }

    public long LimitBytes { get; }

    /// <summary>The file a process writes its pid to, to join.</summary>
    public string ProcsFile => System.IO.Path.Combine(Path, "cgroup.procs");

    /// <summary>The highest memory use so far (v2: needs Linux 5.19 for memory.peak; else -1).</summary>
    public long PeakBytes => ReadLong(_v2 ? "memory.peak" : "memory.max_usage_in_bytes");

    /// <summary>Processes of this cgroup the kernel's OOM killer has killed.</summary>
    public long OomKills
    {
        get
        {
            var file = System.IO.Path.Combine(Path, _v2 ? "memory.events" : "memory.oom_control");
            var line = File.ReadLines(file).FirstOrDefault(l => l.StartsWith("oom_kill ", StringComparison.Ordinal));
            return line is null ? 0 : long.Parse(line["oom_kill ".Length..], CultureInfo.InvariantCulture);
        }
    }

    /// <summary>Creates a cgroup limited to <paramref name="limitBytes"/>, or returns null with the reason it cannot.</summary>
    public static MemoryCgroup? TryCreate(long limitBytes, out string whyNot)
    {
        var name = "restore-mutator-test-" + Guid.NewGuid().ToString("N")[..8];
        try
        {
            if (File.Exists(System.IO.Path.Combine(V1Root, "memory.limit_in_bytes")))
            {
                var path = System.IO.Path.Combine(V1Root, name);
                Directory.CreateDirectory(path);
                var group = new MemoryCgroup(path, v2: false, limitBytes);
                group.Write("memory.limit_in_bytes", limitBytes);
                if (File.Exists(System.IO.Path.Combine(path, "memory.memsw.limit_in_bytes")))
                {
                    group.Write("memory.memsw.limit_in_bytes", limitBytes); // no swap to hide in
                }

                whyNot = string.Empty;
                return group;
            }

            var controllers = System.IO.Path.Combine(V2Root, "cgroup.controllers");
            if (File.Exists(controllers) && File.ReadAllText(controllers).Split(' ', '\n').Contains("memory"))
            {
                var path = System.IO.Path.Combine(V2Root, name);
                Directory.CreateDirectory(path);
                var group = new MemoryCgroup(path, v2: true, limitBytes);
                group.Write("memory.max", limitBytes);
                if (File.Exists(System.IO.Path.Combine(path, "memory.swap.max")))
                {
                    group.Write("memory.swap.max", 0);
                }

                whyNot = string.Empty;
                return group;
            }

            whyNot = $"no cgroup memory controller at {V1Root} (v1) or {V2Root} (v2)";
            return null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            whyNot = $"cannot create a memory cgroup ({e.Message}); run as root where the cgroup hierarchy is writable";
            return null;
        }
    }

    /// <summary>Removes the cgroup (its processes must have exited).</summary>
    public void Dispose()
    {
        for (var attempt = 0; attempt < 50 && Directory.Exists(Path); attempt++)
        {
            try
            {
                Directory.Delete(Path);
            }
            catch (IOException)
            {
                Thread.Sleep(100); // the killed process is still being reaped
            }
        }
    }

    private void Write(string file, long value) =>
        File.WriteAllText(System.IO.Path.Combine(Path, file), value.ToString(CultureInfo.InvariantCulture));

    private long ReadLong(string file)
    {
        var path = System.IO.Path.Combine(Path, file);
        return File.Exists(path) ? long.Parse(File.ReadAllText(path).Trim(), CultureInfo.InvariantCulture) : -1;
    }
}
