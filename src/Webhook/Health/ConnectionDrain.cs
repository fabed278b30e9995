using System.Collections.Concurrent;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Connections.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core.Features;
using Microsoft.Extensions.Hosting;
using Microsoft.Net.Http.Headers;

namespace RestoreMutator.Webhook.Health;

/// <summary>
/// Moves keep-alive callers to other replicas while the server drains (SPEC C5). From
/// <c>ApplicationStopping</c> on, every answer closes its connection: HTTP/1.1 answers carry
/// <c>Connection: close</c>, an HTTP/2 connection is asked to close when a request on it starts
/// (Kestrel sends GOAWAY with the highest stream id first, lets the streams in flight finish, then
/// closes). The
/// caller reads its answer, drops the connection and dials again, through the Service, so
/// elsewhere once the endpoint removal has reached it; a caller that reconnects here before that
/// is served and moved again.
/// </summary>
/// <remarks>
/// Only after an answer, never to an idle connection: Kestrel closes an HTTP/2 connection with no
/// stream open at once (final GOAWAY, then the socket), without the round trip RFC 9113 section
/// 6.8 asks for, and a request the client was sending at that moment was lost (seen with .NET's
/// client in GracefulShutdownTests). A connection that stays idle for the whole drain has no
/// answer to carry the signal; it is closed when the listener closes, as every server must, and a
/// caller that picks it up at that very moment sees it closed. The API server reuses its most
/// recently used connections, so after a drain longer than its gaps between calls few remain.
/// </remarks>
internal sealed class ConnectionDrain
{
    private readonly IHostApplicationLifetime _lifetime;
    private readonly ConcurrentDictionary<string, IConnectionLifetimeNotificationFeature> _http2 = new(StringComparer.Ordinal);
    private readonly Func<object, Task> _onStarting;

    public ConnectionDrain(IHostApplicationLifetime lifetime)
    {
        _lifetime = lifetime;
        _onStarting = OnStarting;
    }

    /// <summary>True from SIGTERM on.</summary>
    public bool Draining => _lifetime.ApplicationStopping.IsCancellationRequested;

    /// <summary>Connection middleware, after TLS: remembers HTTP/2 connections, so an answer can ask for its connection's GOAWAY.</summary>
    public ConnectionDelegate Track(ConnectionDelegate next) => async connection =>
    {
        var lifetime = connection.Features.Get<IConnectionLifetimeNotificationFeature>();
        if (lifetime is null || !IsHttp2(connection))
        {
            await next(connection);
            return;
        }

        _http2[connection.ConnectionId] = lifetime;
        try
        {
            await next(connection);
        }
        finally
        {
            _http2.TryRemove(connection.ConnectionId, out _);
        }
    };

    /// <summary>HTTP middleware: closes the connection after this answer when the server is draining.</summary>
    public Task InvokeAsync(HttpContext http, RequestDelegate next)
    {
        ArgumentNullException.ThrowIfNull(http);
        ArgumentNullException.ThrowIfNull(next);

        if (HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            // Asked for when the request starts, while its stream is open: Kestrel then sends
            // GOAWAY(highest id) before this answer and closes only after it. Asked for when the
            // answer starts, Kestrel's loop could see the stream already finished and close at once,
            // under the client's next request (seen once in a few hundred in GracefulShutdownTests).
            if (Draining && _http2.TryGetValue(http.Connection.Id, out var connection))
            {
                connection.RequestClose();
            }

            return next(http);
        }

        // Decided when the answer starts, so a request that began before SIGTERM closes its connection too.
        http.Response.OnStarting(_onStarting, http);
        return next(http);
    }

    private static bool IsHttp2(ConnectionContext connection) =>
        connection.Features.Get<ITlsApplicationProtocolFeature>()?.ApplicationProtocol.Span.SequenceEqual("h2"u8) == true;

    private Task OnStarting(object state)
    {
        if (!Draining)
        {
            return Task.CompletedTask;
        }

        var http = (HttpContext)state;
        if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
        {
            http.Response.Headers[HeaderNames.Connection] = "close";
        }

        return Task.CompletedTask;
    }
}
