using System.Diagnostics;
using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Diagnostics;

namespace RestoreMutator.Webhook.Limits;

/// <summary>
/// Connection middleware around TLS (SPEC C7): a cap on open connections (over it, a new one is
/// closed at once and counted), and a cap on TLS handshakes in progress. Each idle TLS connection
/// costs about 60 KiB, mostly OpenSSL state outside the GC heap; a handshake in progress costs
/// more, so 3,000 connections opened at once cost about 90 MiB more at their peak than the same
/// connections opened 32 at a time (docs/performance.md). Connections wait their turn for a
/// handshake; the handshake's own 10 s timeout starts once it begins. A slot is held until the
/// handshake is done or for one second at most, so clients that stall their handshake cannot
/// keep the others waiting.
/// </summary>
internal sealed partial class ConnectionGuard : IDisposable
{
    /// <summary>Handshakes in progress at once: a handshake takes 1-2 ms of CPU, so 32 keep two cores busy.</summary>
    public const int MaxConcurrentHandshakes = 32;

    /// <summary>How long a new connection may wait for a handshake slot before it is closed.</summary>
    private static readonly TimeSpan HandshakeWait = TimeSpan.FromSeconds(10);

    /// <summary>How long one handshake may hold its slot: a healthy one takes milliseconds.</summary>
    private static readonly TimeSpan SlotHold = TimeSpan.FromSeconds(1);

    private readonly HostLimits _limits;
    private readonly ILogger<ConnectionGuard> _logger;
    private readonly SemaphoreSlim _handshakes = new(MaxConcurrentHandshakes);
    private readonly Counter<long> _rejected;
    private int _open;
    private long _rejectedSinceLog;
    private long _lastLogTimestamp;

    public ConnectionGuard(HostLimits limits, IMeterFactory meterFactory, ILogger<ConnectionGuard> logger)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(meterFactory);
        _limits = limits;
        _logger = logger;
        var meter = meterFactory.Create(WebhookMetrics.MeterName);
        _rejected = meter.CreateCounter<long>("restore_mutator_connections_rejected_total", description:
            "Connections closed at once because RESTORE_MUTATOR_MAX_CONNECTIONS were open, or because no TLS handshake slot came free within 10 s.");
        meter.CreateObservableGauge("restore_mutator_open_connections", () => Volatile.Read(ref _open), description:
            "TCP connections open on the HTTPS port, idle keep-alive ones included.");
    }

    /// <summary>Connections open now.</summary>
    public int Open => Volatile.Read(ref _open);

    /// <summary>Runs before TLS: enforces the connection cap and waits for a handshake slot.</summary>
    public ConnectionDelegate BeforeTls(ConnectionDelegate next) => async connection =>
    {
        if (Interlocked.Increment(ref _open) > _limits.MaxConnections)
        {
            Interlocked.Decrement(ref _open);
            Reject("cap", "connection cap reached");
            return;
        }

        var slot = new HandshakeSlot(_handshakes);
        try
        {
            bool acquired;
            try
            {
                acquired = await _handshakes.WaitAsync(HandshakeWait, connection.ConnectionClosed);
            }
            catch (OperationCanceledException)
            {
                return; // The client went away while waiting.
            }

            if (!acquired)
            {
                Reject("handshake_wait", "no TLS handshake slot within 10 s");
                return;
            }

            slot.Acquired();
            connection.Features.Set(slot);
            _ = ReleaseLaterAsync(slot);
            await next(connection);
        }
        finally
        {
            slot.Release();
            Interlocked.Decrement(ref _open);
        }
    };

    /// <summary>Runs after TLS: the handshake is done, its slot goes to the next connection.</summary>
    public static ConnectionDelegate AfterTls(ConnectionDelegate next) => connection =>
    {
        connection.Features.Get<HandshakeSlot>()?.Release();
        return next(connection);
    };

    public void Dispose() => _handshakes.Dispose();

    private static async Task ReleaseLaterAsync(HandshakeSlot slot)
    {
        await Task.Delay(SlotHold);
        slot.Release();
    }

    private void Reject(string label, string reason)
    {
        _rejected.Add(1, new KeyValuePair<string, object?>("reason", label));
        Interlocked.Increment(ref _rejectedSinceLog);

        // One warning per 10 s at most: a flood of refused connections must not flood the log too.
        var last = Interlocked.Read(ref _lastLogTimestamp);
        var now = Stopwatch.GetTimestamp();
        if ((last == 0 || Stopwatch.GetElapsedTime(last, now) > TimeSpan.FromSeconds(10)) && Interlocked.CompareExchange(ref _lastLogTimestamp, now, last) == last)
        {
            LogRejected(_logger, Interlocked.Exchange(ref _rejectedSinceLog, 0), reason, _limits.MaxConnections);
        }
    }

    [LoggerMessage(EventId = 310, EventName = "ConnectionsRejected", Level = LogLevel.Warning,
        Message = "Closed {Count} new connections ({Reason:l}; at most {MaxConnections} open, RESTORE_MUTATOR_MAX_CONNECTIONS)")]
    private static partial void LogRejected(ILogger logger, long count, string reason, int maxConnections);

    /// <summary>A connection's handshake slot, given back once (after the handshake, or when the connection ends).</summary>
    private sealed class HandshakeSlot(SemaphoreSlim semaphore)
    {
        private int _held;

        public void Acquired() => Volatile.Write(ref _held, 1);

        public void Release()
        {
            if (Interlocked.Exchange(ref _held, 0) == 1)
            {
                semaphore.Release();
            }
        }
    }
}
