using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RestoreMutator.Bench.Memory;

/// <summary>
/// Keep-alive TLS connections left idle the way the API server leaves its pooled ones: each one
/// sends one <c>GET /healthz</c>, reads the answer, and then sends nothing.
/// </summary>
internal sealed class IdleConnections(MemoryOptions options) : IAsyncDisposable
{
    private readonly List<(Socket Socket, SslStream Tls)> _open = [];
    private int _failed;

    public int Open => _open.Count;

    public int Failed => _failed;

    public async Task OpenAsync(int count)
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(options.CaFile));
        using var gate = new SemaphoreSlim(options.OpenConcurrency);
        var tasks = Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = await ConnectAsync(ca);
                lock (_open)
                {
                    _open.Add(connection);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException or InvalidDataException)
            {
                Interlocked.Increment(ref _failed);
            }
            finally
            {
                gate.Release();
            }
        });
        await Task.WhenAll(tasks);
    }

    /// <summary>Connections the server has not closed (a closed one reads end-of-stream at once).</summary>
    public Task<int> CountAliveAsync()
    {
        var alive = _open.Count(c => !(c.Socket.Poll(0, SelectMode.SelectRead) && c.Socket.Available == 0));
        return Task.FromResult(alive);
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var (socket, tls) in _open)
        {
            await tls.DisposeAsync();
            socket.Dispose();
        }

        _open.Clear();
    }

    private async Task<(Socket, SslStream)> ConnectAsync(X509Certificate2 ca)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, options.Port));
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = MemoryOptions.Host,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            });
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {MemoryOptions.Host}\r\n\r\n"));
            await ReadResponseAsync(tls);
            return (socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }

    /// <summary>Reads one small HTTP/1.1 response (headers and a Content-Length body).</summary>
    private static async Task ReadResponseAsync(SslStream tls)
    {
        var buffer = new byte[4096];
        var length = 0;
        while (true)
        {
            var read = await tls.ReadAsync(buffer.AsMemory(length));
            if (read == 0)
            {
                throw new InvalidDataException("connection closed before the response");
            }

            length += read;
            var text = Encoding.ASCII.GetString(buffer, 0, length);
            var end = text.IndexOf("\r\n\r\n", StringComparison.Ordinal);
            if (end < 0)
            {
                continue;
            }

            var lengthLine = text[..end].Split("\r\n").FirstOrDefault(l => l.StartsWith("Content-Length:", StringComparison.OrdinalIgnoreCase));
            var bodyLength = lengthLine is null ? 0 : int.Parse(lengthLine["Content-Length:".Length..].Trim(), System.Globalization.CultureInfo.InvariantCulture);
            if (length >= end + 4 + bodyLength)
            {
                return;
            }
        }
    }
}
