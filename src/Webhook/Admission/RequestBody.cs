using System.Buffers;

namespace RestoreMutator.Webhook.Admission;

/// <summary>A request body read into a pooled buffer, with a hard size cap.</summary>
internal sealed class RequestBody : IDisposable
{
    /// <summary>
    /// A pool of its own with at most two arrays per size: what it keeps is bounded (about 32 MiB
    /// if every size up to the cap was used) whatever the traffic. The shared pool keeps arrays per
    /// thread and per core, so oversize or chunked bodies would leave an amount of memory behind
    /// that grows with the number of threads. Arrays beyond the bound go back to the GC.
    /// </summary>
    private static readonly ArrayPool<byte> Pool = ArrayPool<byte>.Create(maxArrayLength: 8 * 1024 * 1024, maxArraysPerBucket: 2);

    private byte[] _buffer;

    private RequestBody(byte[] buffer, int length)
    {
        _buffer = buffer;
        Length = length;
    }

    public int Length { get; }

    public ReadOnlyMemory<byte> Memory => _buffer.AsMemory(0, Length);

    /// <summary>Reads the whole body; null when it is longer than <paramref name="maxBytes"/>.</summary>
    public static async Task<RequestBody?> ReadAsync(Stream body, long? contentLength, int maxBytes, CancellationToken cancellationToken)
    {
        var initial = contentLength is > 0 and <= int.MaxValue ? (int)Math.Min(contentLength.Value, maxBytes) + 1 : 16 * 1024;
        var buffer = Pool.Rent(initial);
        var length = 0;
        try
        {
            while (true)
            {
                if (length == buffer.Length)
                {
                    if (length > maxBytes)
                    {
                        Pool.Return(buffer);
                        return null;
                    }

                    var larger = Pool.Rent(Math.Min(buffer.Length * 2, maxBytes + 1));
                    buffer.AsSpan(0, length).CopyTo(larger);
                    Pool.Return(buffer);
                    buffer = larger;
                }

                var read = await body.ReadAsync(buffer.AsMemory(length), cancellationToken);
                if (read == 0)
                {
                    break;
                }

                length += read;
                if (length > maxBytes)
                {
                    Pool.Return(buffer);
                    return null;
                }
            }

            return new RequestBody(buffer, length);
        }
        catch
        {
            Pool.Return(buffer);
            throw;
        }
    }

    public void Dispose()
    {
        if (_buffer.Length > 0)
        {
            Pool.Return(_buffer);
            _buffer = [];
        }
    }
}
