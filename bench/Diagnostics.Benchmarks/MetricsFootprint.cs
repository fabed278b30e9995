using System.Diagnostics;
using System.Globalization;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// <c>metrics-memory VARIANT</c>: what an exporter keeps in memory, in a fresh process per variant
/// (managed heap after a full collection and resident set, after 1,000 reviews and 10 scrapes,
/// minus the same host without a listener). <c>metrics-text VARIANT</c>: prints a scrape, for
/// checking the text format (for example with <c>promtool check metrics</c>).
/// </summary>
public static class MetricsFootprint
{
    public static async Task<int> RunAsync(string[] args)
    {
        var variant = Parse(args);
        await using var host = await MetricsHost.StartAsync(variant);
        host.Populate();
        var size = 0;
        for (var i = 0; i < 10; i++)
        {
            size = variant == MetricsVariant.None ? 0 : (await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative))).Length;
        }

        GC.Collect();
        GC.WaitForPendingFinalizers();
        GC.Collect();
        var heap = GC.GetTotalMemory(forceFullCollection: true);
        using var process = Process.GetCurrentProcess();
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"{variant}: managed heap {heap / 1024.0:F0} KiB, working set {process.WorkingSet64 / 1048576.0:F1} MiB, assemblies {AppDomain.CurrentDomain.GetAssemblies().Length}, scrape {size} bytes"));
        return 0;
    }

    public static async Task<int> TextAsync(string[] args)
    {
        await using var host = await MetricsHost.StartAsync(Parse(args));
        host.Populate();
        await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
        Console.Write(await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative)));
        return 0;
    }

    /// <summary>
    /// <c>metrics-isolation VARIANT</c>: two hosts in one process (as in-memory tests run them);
    /// reviews recorded by the first, then what the second's scrape says.
    /// </summary>
    public static async Task<int> IsolationAsync(string[] args)
    {
        var variant = Parse(args);
        await using var first = await MetricsHost.StartAsync(variant);
        await using var second = await MetricsHost.StartAsync(variant);
        var started = Stopwatch.GetTimestamp();
        for (var i = 0; i < 10; i++)
        {
            first.RecordReview(started);
        }

        foreach (var (name, host) in new[] { ("first", first), ("second", second) })
        {
            var text = await host.Client.GetStringAsync(new Uri("/metrics", UriKind.Relative));
            var line = text.Split('\n').FirstOrDefault(l => l.StartsWith("restore_mutator_admission_duration_seconds_count", StringComparison.Ordinal)) ?? "(no series)";
            Console.WriteLine($"{variant}: 10 reviews recorded by the first host; {name} host scrapes: {line}");
        }

        return 0;
    }

    private static MetricsVariant Parse(string[] args) => args.FirstOrDefault()?.ToLowerInvariant() switch
    {
        "own" => MetricsVariant.Own,
        "otel" => MetricsVariant.OpenTelemetry,
        "none" => MetricsVariant.None,
        _ => throw new ArgumentException("variant: own, otel or none"),
    };
}
