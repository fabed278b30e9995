using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;

namespace RestoreMutator.Webhook.Limits;

/// <summary>The host's part of SPEC C7: limits as services, and Kestrel's buffers and keep-alive.</summary>
internal static class KestrelLimits
{
    /// <summary>Unread request bytes buffered per connection (Kestrel, the socket transport); the HTTP/2 windows derive from it.</summary>
    public const int RequestBufferBytes = 64 * 1024;

    /// <summary>Registers <see cref="HostLimits"/> (from the runtime's memory and the environment), the body budget and the connection guard.</summary>
    public static IServiceCollection AddHostLimits(this IServiceCollection services)
    {
        services.AddSingleton(HostLimits.FromRuntime());
        services.AddSingleton<BodyBudget>();
        services.AddSingleton<ConnectionGuard>();
        return services;
    }

    /// <summary>The socket transport reads at most <see cref="RequestBufferBytes"/> ahead of the application.</summary>
    public static IWebHostBuilder UseBoundedSockets(this IWebHostBuilder builder) =>
        builder.UseSockets(sockets => sockets.MaxReadBufferSize = RequestBufferBytes);

    /// <summary>Keep-alive and per-connection buffering.</summary>
    public static void Apply(KestrelServerLimits limits)
    {
        ArgumentNullException.ThrowIfNull(limits);

        // Stated, not only defaulted: it must stay above the API server's 90 s idle timeout, so
        // the client closes idle connections, never the server under a request being sent.
        limits.KeepAliveTimeout = TimeSpan.FromSeconds(130);

        // What a connection may have sent that the server has not read yet (a review waiting for
        // body memory): 64 KiB instead of 1 MiB, so thousands of connections cannot park
        // gigabytes in Kestrel's buffers. It holds the 32 KiB header limit, and a body streams
        // through at the handler's pace either way.
        limits.MaxRequestBufferSize = RequestBufferBytes;
        limits.Http2.InitialConnectionWindowSize = 2 * RequestBufferBytes;
        limits.Http2.InitialStreamWindowSize = RequestBufferBytes + (RequestBufferBytes / 2);
    }
}
