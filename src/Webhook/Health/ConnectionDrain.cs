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
/// <c>ApplicationStopping</c> on, every HTTP/1.1 answer carries <c>Connection: close</c>: the caller
/// reads its answer, drops the connection and dials again (through the Service, so elsewhere once
/// the endpoint is gone). HTTP/2 connections get GOAWAY (a graceful close: streams in flight finish,
/// the client opens new streams on a new connection): all of them when the drain starts, and any
/// opened later after its first answer, so a caller that reconnects here before the endpoint
/// removal arrives is served and moved again.
/// </summary>
/// <remarks>
/// An HTTP/1.1 connection that stays idle for the whole drain has no answer to carry the header; it
/// is closed when the listener closes, as every server must, and a caller that picks it up at that
/// very moment sees it closed. The API server keeps only connections it used recently, so after a
/// drain longer than its request gaps hardly any remain.
/// </remarks>
public sealed class ConnectionDrain
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

    /// <summary>Open HTTP/2 connections (for tests and diagnostics).</summary>
    public int Http2Connections => _http2.Count;

    /// <summary>Connection middleware, after TLS: remembers HTTP/2 connections so the drain can send them GOAWAY.</summary>
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

        // Decided when the answer starts, so a request that began before SIGTERM closes its connection too.
        http.Response.OnStarting(_onStarting, http);
        return next(http);
    }

    /// <summary>Sends GOAWAY on every open HTTP/2 connection (Kestrel lets their streams finish).</summary>
    public void CloseHttp2Connections()
    {
        foreach (var connection in _http2.Values)
        {
            connection.RequestClose();
        }
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
        if (HttpProtocol.IsHttp2(http.Request.Protocol))
        {
            if (_http2.TryGetValue(http.Connection.Id, out var connection))
            {
                connection.RequestClose();
            }
        }
        else if (HttpProtocol.IsHttp11(http.Request.Protocol) || HttpProtocol.IsHttp10(http.Request.Protocol))
        {
            http.Response.Headers[HeaderNames.Connection] = "close";
        }

        return Task.CompletedTask;
    }
}
