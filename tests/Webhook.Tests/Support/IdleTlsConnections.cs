using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// Keep-alive TLS connections left idle as the API server leaves its pooled ones: each sent one
/// <c>GET /healthz</c> and read the answer, then sends nothing.
/// </summary>
public sealed class IdleTlsConnections : IAsyncDisposable
{
    private readonly List<(Socket Socket, SslStream Tls)> _open = [];
    private readonly int _port;
    private readonly X509Certificate2 _ca;

    public IdleTlsConnections(int port, string caFile)
    {
        _port = port;
        _ca = X509Certificate2.CreateFromPem(File.ReadAllText(caFile));
    }

    public int Count
    {
        get
        {
            lock (_open)
            {
                return _open.Count;
            }
        }
    }

    /// <summary>Opens <paramref name="count"/> connections, 32 at a time; returns how many the server refused.</summary>
    public async Task<int> OpenAsync(int count)
    {
        var refused = 0;
        using var gate = new SemaphoreSlim(32);
        await Task.WhenAll(Enumerable.Range(0, count).Select(async _ =>
        {
            await gate.WaitAsync();
            try
            {
                var connection = await ConnectAsync();
                lock (_open)
                {
                    _open.Add(connection);
                }
            }
            catch (Exception e) when (e is IOException or SocketException or AuthenticationException or OperationCanceledException)
            {
                Interlocked.Increment(ref refused);
            }
            finally
            {
                gate.Release();
            }
        }));
        return refused;
    }

    /// <summary>Connections the server has not closed (a closed one is readable with nothing to read).</summary>
    public int Alive()
    {
        lock (_open)
        {
            return _open.Count(c => !(c.Socket.Poll(0, SelectMode.SelectRead) && c.Socket.Available == 0));
        }
    }

    /// <summary>Closes <paramref name="count"/> of them.</summary>
    public async Task CloseAsync(int count)
    {
        List<(Socket Socket, SslStream Tls)> closing;
        lock (_open)
        {
            closing = _open.Take(count).ToList();
            _open.RemoveRange(0, closing.Count);
        }

        foreach (var (socket, tls) in closing)
        {
            await tls.DisposeAsync();
            socket.Dispose();
        }
    }

    public async ValueTask DisposeAsync() => await CloseAsync(int.MaxValue);

    private async Task<(Socket, SslStream)> ConnectAsync()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, _port));
            var tls = new SslStream(new NetworkStream(socket, ownsSocket: false));
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await tls.AuthenticateAsClientAsync(new SslClientAuthenticationOptions
            {
                TargetHost = TestCertificates.ServiceName,
                ApplicationProtocols = [SslApplicationProtocol.Http11],
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { _ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            }, timeout.Token);
            await tls.WriteAsync(Encoding.ASCII.GetBytes($"GET /healthz HTTP/1.1\r\nHost: {TestCertificates.ServiceName}\r\n\r\n"), timeout.Token);
            var buffer = new byte[1024];
            var text = new StringBuilder();
            while (!text.ToString().EndsWith("ok\n", StringComparison.Ordinal))
            {
                var read = await tls.ReadAsync(buffer, timeout.Token);
                if (read == 0)
                {
                    throw new IOException("closed before the /healthz answer");
                }

                text.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }

            return (socket, tls);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
