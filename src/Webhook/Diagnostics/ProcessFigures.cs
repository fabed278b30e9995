using System.Diagnostics;
using System.Globalization;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Reads the process figures of the standard Prometheus process collector (the <c>process_*</c>
/// names client_golang and the other official clients export) from procfs: <c>/proc/self/statm</c>
/// for memory, <c>/proc/self/fd</c> and <c>/proc/self/limits</c> for file descriptors (proc(5)).
/// Off Linux (a developer's machine) memory comes from <see cref="Process"/> and the descriptor
/// figures are absent. Only called when <c>/metrics</c> is scraped.
/// </summary>
internal static class ProcessFigures
{
    private const string Statm = "/proc/self/statm";
    private const string FdDirectory = "/proc/self/fd";
    private const string Limits = "/proc/self/limits";

    /// <summary>Resident set size and virtual memory size in bytes.</summary>
    public static (long Resident, long Virtual) Memory()
    {
        // statm: "size resident shared text lib data dt", in pages.
        if (TryReadLine(Statm) is { } line)
        {
            var fields = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (fields.Length >= 2
                && long.TryParse(fields[0], NumberStyles.None, CultureInfo.InvariantCulture, out var size)
                && long.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var resident))
            {
                long page = Environment.SystemPageSize;
                return (resident * page, size * page);
            }
        }

        using var process = Process.GetCurrentProcess();
        return (process.WorkingSet64, process.VirtualMemorySize64);
    }

    /// <summary>Open file descriptors (entries of /proc/self/fd), or null where procfs is absent.</summary>
    public static long? OpenDescriptors()
    {
        try
        {
            return Directory.EnumerateFileSystemEntries(FdDirectory).LongCount();
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    /// <summary>The soft limit of open files (<c>Max open files</c> in /proc/self/limits), or null when absent or unlimited.</summary>
    public static long? MaxDescriptors()
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(Limits);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }

        return ParseMaxOpenFiles(lines);
    }

    /// <summary>The soft limit from the lines of a limits file: <c>Max open files  1048576  1048576  files</c>.</summary>
    internal static long? ParseMaxOpenFiles(IEnumerable<string> lines)
    {
        const string prefix = "Max open files";
        foreach (var line in lines)
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }

            var soft = line[prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).FirstOrDefault();
            return long.TryParse(soft, NumberStyles.None, CultureInfo.InvariantCulture, out var value) ? value : null;
        }

        return null;
    }

    /// <summary>When the process started, as Unix seconds.</summary>
    public static double StartTimeSeconds()
    {
        using var process = Process.GetCurrentProcess();
        return new DateTimeOffset(process.StartTime.ToUniversalTime()).ToUnixTimeMilliseconds() / 1000.0;
    }

    private static string? TryReadLine(string path)
    {
        try
        {
            return File.Exists(path) ? File.ReadAllText(path).Trim() : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
