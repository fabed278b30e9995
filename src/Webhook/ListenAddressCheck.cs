using System.Net;
using System.Net.Sockets;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook;

/// <summary>
/// Binds the configured address once before the host starts, so a port already in use (or not
/// bindable) is one clear line and exit status 2 before anything else happens (SPEC C8), not a
/// stack trace from inside Kestrel. The probe socket is closed at once; Kestrel binds for real.
/// </summary>
internal static class ListenAddressCheck
{
    /// <summary>Throws <see cref="StartupException"/> when <paramref name="server"/>'s address and port cannot be bound.</summary>
    public static void Ensure(ServerSettings server)
    {
        ArgumentNullException.ThrowIfNull(server);
        try
        {
            if (server.Address == "localhost")
            {
                Bind(new IPEndPoint(IPAddress.Loopback, server.Port), dualMode: false);
                return;
            }

            var address = IPAddress.Parse(server.Address);
            if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
            {
                BindAny(server.Port);
            }
            else
            {
                Bind(new IPEndPoint(address, server.Port), dualMode: false);
            }
        }
        catch (SocketException e)
        {
            throw new StartupException(Describe(server, e));
        }
    }

    /// <summary>The one line for a bind failure, for <see cref="Ensure"/> and for Kestrel's own failure after it.</summary>
    public static string Describe(ServerSettings server, SocketException e)
    {
        ArgumentNullException.ThrowIfNull(server);
        ArgumentNullException.ThrowIfNull(e);
        var where = $"cannot listen on {server.Address}:{server.Port}";
        return e.SocketErrorCode switch
        {
            SocketError.AddressAlreadyInUse => $"{where}: address already in use (another restore-mutator or another program serves there; set server.port)",
            SocketError.AccessDenied => $"{where}: permission denied (ports below 1024 need privileges)",
            SocketError.AddressNotAvailable => $"{where}: no such address on this machine (server.address)",
            _ => $"{where}: {e.Message}",
        };
    }

    private static void BindAny(int port)
    {
        // As Kestrel's ListenAnyIP: IPv6 any in dual mode, IPv4 any where IPv6 is off.
        try
        {
            Bind(new IPEndPoint(IPAddress.IPv6Any, port), dualMode: true);
        }
        catch (SocketException e) when (e.SocketErrorCode is SocketError.AddressFamilyNotSupported or SocketError.ProtocolNotSupported)
        {
            Bind(new IPEndPoint(IPAddress.Any, port), dualMode: false);
        }
    }

    private static void Bind(IPEndPoint endpoint, bool dualMode)
    {
        using var socket = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
        if (dualMode)
        {
            socket.DualMode = true;
        }

        socket.Bind(endpoint);
        socket.Listen(1);
    }
}
