using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;

namespace RestoreMutator.Transforms.Reports;

/// <summary>
/// Builds one restore's report from the objects it saw (SPEC X2): the counts, and the object list
/// as <c>objects.jsonl</c>, within fixed bounds, so memory does not grow with the restore beyond
/// them. An object (kind, namespace, name) counts once: a second entry for it is ignored. Not
/// thread-safe: one caller at a time.
/// </summary>
public sealed class RestoreReportBuilder
{
    /// <summary>Lines of <c>objects.jsonl</c> at most (SPEC X2); the rest are counted in <see cref="RestoreSummary.Truncated"/>.</summary>
    public const int MaxObjectLines = 5_000;

    /// <summary>
    /// Bytes of <c>objects.jsonl</c> at most: a ConfigMap holds 1 MiB in all, and 5,000 lines of long
    /// names and skip reasons would not fit (a line is about 150 bytes usually, up to about 1.2 KiB).
    /// </summary>
    public const int MaxObjectBytes = 640 * 1024;

    /// <summary>
    /// Objects remembered to count each once (8 bytes each in a hash set, about 2.5 MiB when full).
    /// Beyond it, objects are still counted but a repeated review of one of them counts again.
    /// </summary>
    public const int MaxRememberedObjects = 100_000;

    private readonly HashSet<ulong> _seen = [];
    private readonly ArrayBufferWriter<byte> _lines = new(16 * 1024);
    private readonly ArrayBufferWriter<byte> _line = new(512);
    private int _lineCount;

    public RestoreReportBuilder(string restore)
    {
        Summary = new RestoreSummary(restore);
    }

    /// <summary>The counts so far (live: changes with every <see cref="Add"/>).</summary>
    public RestoreSummary Summary { get; }

    /// <summary>Objects counted.</summary>
    public int Objects => Summary.Objects.Total;

    /// <summary>Counts <paramref name="entry"/> unless its object was counted before; true when counted.</summary>
    public bool Add(ReportObject entry, DateTimeOffset? at = null)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var key = Key(entry.Kind, entry.Namespace, entry.Name);
        if (_seen.Contains(key))
        {
            return false;
        }

        if (_seen.Count < MaxRememberedObjects)
        {
            _seen.Add(key);
        }

        Summary.Count(entry);
        if (at is { } time)
        {
            Summary.FirstReview ??= time;
            Summary.LastReview = time;
        }

        AppendLine(entry);
        return true;
    }

    /// <summary>Whether the object was counted already (within <see cref="MaxRememberedObjects"/>).</summary>
    public bool Contains(string kind, string ns, string name) => _seen.Contains(Key(kind, ns, name));

    /// <summary><c>objects.jsonl</c>: one line per listed object, each ending in a newline.</summary>
    public string ObjectLines() => Encoding.UTF8.GetString(_lines.WrittenSpan);

    /// <summary><c>summary.json</c>.</summary>
    public string SummaryJson()
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            RestoreSummaryJson.Write(writer, Summary);
        }

        return Encoding.UTF8.GetString(buffer.WrittenSpan);
    }

    private void AppendLine(ReportObject entry)
    {
        if (_lineCount >= MaxObjectLines)
        {
            Summary.Truncated++;
            return;
        }

        _line.ResetWrittenCount();
        using (var writer = new Utf8JsonWriter(_line))
        {
            ReportObjectJson.Write(writer, entry);
        }

        if (_lines.WrittenCount + _line.WrittenCount + 1 > MaxObjectBytes)
        {
            Summary.Truncated++;
            return;
        }

        _lines.Write(_line.WrittenSpan);
        _lines.Write("\n"u8);
        _lineCount++;
    }

    /// <summary>
    /// 64 bits of SHA-256 of the object's identity: a set of these stays small, and unlike
    /// <see cref="string.GetHashCode()"/> two objects of one restore do not collide in practice.
    /// </summary>
    private static ulong Key(string kind, string ns, string name)
    {
        var length = Encoding.UTF8.GetMaxByteCount(kind.Length + ns.Length + name.Length + 2);
        var rented = length > 1024 ? ArrayPool<byte>.Shared.Rent(length) : null;
        Span<byte> bytes = rented is null ? stackalloc byte[length] : rented;
        try
        {
            var written = Encoding.UTF8.GetBytes(kind, bytes);
            bytes[written++] = 0;
            written += Encoding.UTF8.GetBytes(ns, bytes[written..]);
            bytes[written++] = 0;
            written += Encoding.UTF8.GetBytes(name, bytes[written..]);
            Span<byte> hash = stackalloc byte[SHA256.HashSizeInBytes];
            SHA256.HashData(bytes[..written], hash);
            return BinaryPrimitives.ReadUInt64LittleEndian(hash);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
