using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace RestoreMutator.Bench.Memory;

/// <summary>Bursts of concurrent reviews of one sample (a bench/loadgen case file), each on its own keep-alive connection.</summary>
internal sealed class ReviewBurst : IDisposable
{
    private readonly HttpClient _client;
    private readonly string _review;
    private readonly int _port;
    private int _sequence;

    public ReviewBurst(MemoryOptions options)
    {
        _port = options.Port;
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(options.CaFile));
        var handler = new SocketsHttpHandler
        {
            ConnectCallback = async (context, cancellationToken) =>
            {
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, options.Port), cancellationToken);
                return new NetworkStream(socket, ownsSocket: true);
            },
            SslOptions = new SslClientAuthenticationOptions
            {
                CertificateChainPolicy = new X509ChainPolicy
                {
                    TrustMode = X509ChainTrustMode.CustomRootTrust,
                    CustomTrustStore = { ca },
                    RevocationMode = X509RevocationMode.NoCheck,
                },
            },
        };
        _client = new HttpClient(handler) { Timeout = TimeSpan.FromSeconds(60) };

        // The case file holds the request without uid; the review is built as the API server sends it.
        var request = JsonNode.Parse(File.ReadAllText(options.ReviewFile))!["request"]!.AsObject();
        request["uid"] = "UID-PLACEHOLDER-000000000000000000000";
        request["dryRun"] = false;
        _review = new JsonObject { ["apiVersion"] = "admission.k8s.io/v1", ["kind"] = "AdmissionReview", ["request"] = request.DeepClone() }.ToJsonString();
    }

    public void Dispose() => _client.Dispose();

    public async Task<BurstResult> SendAsync(int concurrent)
    {
        var wall = Stopwatch.StartNew();
        var results = await Task.WhenAll(Enumerable.Range(0, concurrent).Select(_ => Task.Run(SendOneAsync)));
        return new BurstResult(results.Where(r => r.Status == 200).Select(r => r.Milliseconds).ToList(),
            results.Where(r => r.Status != 200).Select(r => r.Status.ToString(System.Globalization.CultureInfo.InvariantCulture)).ToList(),
            wall.Elapsed.TotalMilliseconds);
    }

    private async Task<(int Status, double Milliseconds)> SendOneAsync()
    {
        var uid = $"memory-{Interlocked.Increment(ref _sequence):D8}-0000-0000-000000000000"[..37];
        using var content = new StringContent(_review.Replace("UID-PLACEHOLDER-000000000000000000000", uid, StringComparison.Ordinal), Encoding.UTF8);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
        var started = Stopwatch.StartNew();
        try
        {
            using var response = await _client.PostAsync(new Uri($"https://{MemoryOptions.Host}:{_port}/mutate?timeout=10s"), content);
            var text = await response.Content.ReadAsStringAsync();
            var ok = response.StatusCode == HttpStatusCode.OK && text.Contains(uid, StringComparison.Ordinal);
            return (ok ? 200 : (int)response.StatusCode, started.Elapsed.TotalMilliseconds);
        }
        catch (HttpRequestException e)
        {
            return (-(int)e.HttpRequestError - 1, started.Elapsed.TotalMilliseconds);
        }
        catch (TaskCanceledException)
        {
            return (-100, started.Elapsed.TotalMilliseconds);
        }
    }

}

/// <summary>What one burst got back: answer times of the 200s, other statuses (negative: transport errors).</summary>
internal sealed record BurstResult(List<double> Milliseconds, List<string> Other, double WallMilliseconds)
{
    public int Answered => Milliseconds.Count;

    public double Percentile(double p)
    {
        if (Milliseconds.Count == 0)
        {
            return double.NaN;
        }

        var sorted = Milliseconds.Order().ToList();
        var index = Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1);
        return sorted[index];
    }
}
