using System.Net;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// SPEC C7, the connection cap, with the built server: connections over RESTORE_MUTATOR_MAX_CONNECTIONS
/// are closed at once and counted, the open ones keep working, and a freed place is taken again.
/// </summary>
public sealed class ConnectionLimitTests : IAsyncLifetime
{
    private const int Cap = 12;
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-conn-" + Guid.NewGuid().ToString("N")[..8]);

    public ValueTask InitializeAsync()
    {
        Directory.CreateDirectory(_root);
        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync()
    {
        Directory.Delete(_root, recursive: true);
        return ValueTask.CompletedTask;
    }

    [Fact]
    public async Task Server_OverTheConnectionCap_ClosesNewConnectionsAndCountsThem()
    {
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "r.example.com:5000"));
        await using var server = WebhookProcess.Start(config, port,
            new Dictionary<string, string> { ["RESTORE_MUTATOR_MAX_CONNECTIONS"] = Cap.ToString(System.Globalization.CultureInfo.InvariantCulture) });
        await server.WaitReadyAsync(certs.CaFile);
        await using var idle = new IdleTlsConnections(port, certs.CaFile);

        // The readiness check's own connection may still count for a moment on a busy machine.
        var refused = await idle.OpenAsync(Cap + 3);

        refused.ShouldBeGreaterThanOrEqualTo(3, "connections over the cap are closed at once");
        idle.Count.ShouldBeInRange(Cap - 1, Cap);
        idle.Alive().ShouldBe(idle.Count, "the open ones are kept");

        // A freed place is taken again, here by the metrics scrape.
        await idle.CloseAsync(1);
        string? metrics = null;
        await Poll.UntilAsync(async () => (metrics = await MetricsAsync(server, certs.CaFile)) is not null, "a scrape after a place was freed", TimeSpan.FromSeconds(10));
        // At least the three above; a scrape tried before the server saw the close counts too.
        MetricsText.Value(metrics!, "restore_mutator_connections_rejected_total{reason=\"cap\"}").ShouldBeGreaterThanOrEqualTo(refused);
        MetricsText.Value(metrics!, "restore_mutator_open_connections").ShouldBeInRange(idle.Count + 1, Cap);
        await Poll.UntilAsync(() => Task.FromResult(server.Output.Any(l => l.Contains("ConnectionsRejected", StringComparison.Ordinal))), "the rejection logged", TimeSpan.FromSeconds(10));
        server.Output.ShouldContain(l => l.Contains("LimitsInForce", StringComparison.Ordinal) && l.Contains($"\"MaxConnections\":{Cap}", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Server_ClientsStallingTheirTlsHandshake_DoNotKeepOthersWaiting()
    {
        // More stalled connections than handshake slots (32): TCP open, no ClientHello ever sent.
        var certs = await TestCertificates.GenerateAsync(Path.Combine(_root, "certs"));
        var port = WebhookProcess.FreePort();
        var config = Path.Combine(_root, "config.yaml");
        await File.WriteAllTextAsync(config, RealConfig.Yaml(port, certs.CertFile, certs.KeyFile, "r.example.com:5000"));
        await using var server = WebhookProcess.Start(config, port);
        await server.WaitReadyAsync(certs.CaFile);
        var stalled = new List<System.Net.Sockets.Socket>();
        try
        {
            for (var i = 0; i < 48; i++)
            {
                var socket = new System.Net.Sockets.Socket(System.Net.Sockets.AddressFamily.InterNetwork, System.Net.Sockets.SocketType.Stream, System.Net.Sockets.ProtocolType.Tcp);
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port));
                stalled.Add(socket);
            }

            await Task.Delay(200);
            var answered = System.Diagnostics.Stopwatch.StartNew();
            using var client = WebhookProcess.CreateClient(certs.CaFile);
            using var response = await client.GetAsync(server.Url("/healthz"));

            response.StatusCode.ShouldBe(HttpStatusCode.OK);
            // A slot is held one second at most: well before the 10 s handshake timeout frees them.
            answered.Elapsed.ShouldBeLessThan(TimeSpan.FromSeconds(5));
        }
        finally
        {
            stalled.ForEach(s => s.Dispose());
        }
    }

    private static async Task<string?> MetricsAsync(WebhookProcess server, string caFile)
    {
        try
        {
            using var client = WebhookProcess.CreateClient(caFile);
            using var response = await client.GetAsync(server.Url("/metrics"));
            return response.StatusCode == HttpStatusCode.OK ? await response.Content.ReadAsStringAsync() : null;
        }
        catch (HttpRequestException)
        {
            return null; // the closed connection's place is not free yet
        }
    }
}
