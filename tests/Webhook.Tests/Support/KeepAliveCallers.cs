using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using System.Text.Json.Nodes;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// Callers that behave like the API server in front of a Service: each keeps its connection open
/// and reuses it (HTTP/1.1 keep-alive, or one HTTP/2 connection), and dials a new one only when the
/// server closes it. New connections go to <see cref="Target"/>, the replica the Service would pick;
/// switching it is what an endpoint removal does. Every answer is checked (HTTP 200, the request's
/// uid, a patch) and attributed to the replica by the registry destination its config sets.
/// </summary>
public sealed class KeepAliveCallers : IAsyncDisposable
{
    private readonly string _caFile;
    private readonly bool _http2;
    private readonly Uri _url;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<Answer> _answers = new();
    private readonly ConcurrentQueue<(int Port, TimeSpan At)> _connects = new();
    private readonly List<Task> _loops = [];
    private readonly Stopwatch _clock = Stopwatch.StartNew();
    private volatile int _target;

    /// <param name="caFile">The CA both replicas' certificates verify against.</param>
    /// <param name="target">The port new connections go to.</param>
    /// <param name="http2">HTTP/2 instead of HTTP/1.1.</param>
    public KeepAliveCallers(string caFile, int target, bool http2 = false)
    {
        _caFile = caFile;
        _target = target;
        _http2 = http2;
        // The URL names the Service, as the API server's does; the port in it does not matter.
        _url = new Uri($"https://{TestCertificates.ServiceName}:443/mutate?timeout=10s");
    }

    /// <summary>Where new connections go (the replica the Service picks).</summary>
    public int Target
    {
        get => _target;
        set => _target = value;
    }

    /// <summary>Time since the callers were created: the clock of <see cref="Answers"/> and <see cref="Connects"/>.</summary>
    public TimeSpan Now => _clock.Elapsed;

    /// <summary>Requests that did not get their answer (must stay empty).</summary>
    public IReadOnlyList<string> Failures => _failures.ToArray();

    public IReadOnlyList<Answer> Answers => _answers.ToArray();

    /// <summary>Every connection dialled: to which port, when.</summary>
    public IReadOnlyList<(int Port, TimeSpan At)> Connects => _connects.ToArray();

    /// <summary>Starts <paramref name="count"/> callers, each on its own connection.</summary>
    public void Start(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var caller = i;
            _loops.Add(Task.Run(() => LoopAsync(caller)));
        }
    }

    /// <summary>Waits until every caller has had <paramref name="perCaller"/> answers.</summary>
    public async Task WaitForAnswersAsync(int perCaller, TimeSpan timeout)
    {
        var deadline = Stopwatch.StartNew();
        while (Answers.GroupBy(a => a.Caller).Count(g => g.Count() >= perCaller) < _loops.Count)
        {
            if (deadline.Elapsed > timeout || Failures.Count > 0)
            {
                throw new TimeoutException($"callers not warmed up; failures: {string.Join(" | ", Failures.Take(5))}");
            }

            await Task.Delay(50);
        }
    }

    /// <summary>Stops the callers; requests in flight get their answers first.</summary>
    public async Task StopAsync()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    private async Task LoopAsync(int caller)
    {
        using var client = CreateClient();
        var counter = 0;
        while (!_stop.IsCancellationRequested)
        {
            var uid = $"keepalive-{caller}-{counter++}-{Guid.NewGuid():N}";
            using var content = new StringContent(Reviews.Review(Reviews.Deployment(), uid: uid).ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                // Not tied to _stop: a request once sent is seen through to its answer.
                using var response = await client.PostAsync(_url, content);
                var text = await response.Content.ReadAsStringAsync();
                var answer = response.StatusCode == HttpStatusCode.OK ? JsonNode.Parse(text)!.AsObject() : null;
                var patch = answer is null ? null : Reviews.Patch(answer);
                if (answer is null || (string?)answer["response"]?["uid"] != uid || patch is null)
                {
                    _failures.Enqueue($"{uid}: HTTP {(int)response.StatusCode} {text[..Math.Min(200, text.Length)]}");
                    continue;
                }

                var patched = JsonPatchOracle.Apply(Reviews.Deployment(), patch);
                var replica = (string?)patched["metadata"]!["annotations"]!["openshift.io/restore-registry-hostname"] ?? "?";
                _answers.Enqueue(new Answer(caller, replica, Now, response.Headers.ConnectionClose == true));
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException)
            {
                _failures.Enqueue($"{uid}: {e.GetType().Name} {(e as HttpRequestException)?.HttpRequestError} {e.Message} {e.InnerException?.Message}");
            }
        }
    }

    private HttpClient CreateClient()
    {
        var ca = X509Certificate2.CreateFromPem(File.ReadAllText(_caFile));
        var handler = new SocketsHttpHandler
        {
            // Keep connections as long as the server lets us: the API server keeps idle ones for 90 s.
            PooledConnectionLifetime = Timeout.InfiniteTimeSpan,
            PooledConnectionIdleTimeout = TimeSpan.FromSeconds(90),
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                var port = _target;
                var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _connects.Enqueue((port, Now));
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
        return new HttpClient(handler)
        {
            DefaultRequestVersion = _http2 ? HttpVersion.Version20 : HttpVersion.Version11,
            DefaultVersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Timeout = TimeSpan.FromSeconds(30),
        };
    }

    /// <summary>One answer: which caller, which replica (its registry destination), when, and whether it said <c>Connection: close</c>.</summary>
    public sealed record Answer(int Caller, string Replica, TimeSpan At, bool ConnectionClose);
}
