using System.Globalization;

namespace RestoreMutator.Bench.Memory;

/// <summary>Command-line options: <c>--port P --ca FILE --pid PID --review FILE [--cgroup DIR] [--idle N] [--concurrent M] [--rounds R] [--settle S] [--open-concurrency K]</c>.</summary>
internal sealed record MemoryOptions(int Port, string CaFile, int ServerPid, string ReviewFile, string? Cgroup, int IdleConnections, int Concurrent, int Rounds, int SettleSeconds, int OpenConcurrency)
{
    public const string Host = "restore-mutator.restore-mutator.svc";

    public static MemoryOptions Parse(string[] args)
    {
        var values = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            values[args[i]] = args[i + 1];
        }

        int Int(string name, int fallback) => values.TryGetValue(name, out var text) ? int.Parse(text, CultureInfo.InvariantCulture) : fallback;
        string Required(string name) => values.TryGetValue(name, out var text) ? text : throw new ArgumentException($"{name} is required");
        return new MemoryOptions(
            Int("--port", 0), Required("--ca"), Int("--pid", 0), Required("--review"),
            values.GetValueOrDefault("--cgroup"), Int("--idle", 3000), Int("--concurrent", 20), Int("--rounds", 3), Int("--settle", 10), Int("--open-concurrency", 32));
    }
}
