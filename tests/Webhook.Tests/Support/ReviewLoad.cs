using System.Collections.Concurrent;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// Concurrent loops sending AdmissionReviews to a real server, each request on a new TLS
/// connection (the harness client does not reuse connections), with a unique uid. Failures are
/// classified: a connection refused or a failed handshake happened before the request reached
/// the server; anything else (a reset or truncated answer, a wrong status, a wrong uid) is a
/// failure of a request the server had accepted.
/// </summary>
public sealed class ReviewLoad : IAsyncDisposable
{
    private readonly WebhookProcess _server;
    private readonly string _caFile;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentQueue<string> _failures = new();
    private readonly ConcurrentQueue<string> _connectFailures = new();
    private readonly List<Task> _loops = [];
    private long _succeeded;
    private volatile bool _paused;

    public ReviewLoad(WebhookProcess server, string caFile)
    {
        _server = server;
        _caFile = caFile;
    }

    public long Succeeded => Interlocked.Read(ref _succeeded);

    /// <summary>Failures of requests that reached the server (must stay empty).</summary>
    public IReadOnlyList<string> Failures => _failures.ToArray();

    /// <summary>Connections refused or handshakes failed: the request never reached the server.</summary>
    public IReadOnlyList<string> ConnectFailures => _connectFailures.ToArray();

    /// <summary>Starts <paramref name="loops"/> loops; <paramref name="objectBytes"/> pads each object to make requests heavier.</summary>
    public void Start(int loops, int objectBytes = 0)
    {
        for (var i = 0; i < loops; i++)
        {
            _loops.Add(Task.Run(() => LoopAsync(objectBytes)));
        }
    }

    /// <summary>Stops starting new requests (as when Kubernetes removes the pod from the endpoints); in-flight ones finish.</summary>
    public void StopStarting() => _paused = true;

    /// <summary>Stops the loops and waits for the requests in flight.</summary>
    public async Task StopAsync()
    {
        _paused = true;
        await _stop.CancelAsync();
        await Task.WhenAll(_loops);
    }

    public async ValueTask DisposeAsync()
    {
        await StopAsync();
        _stop.Dispose();
    }

    /// <summary>Waits until at least <paramref name="count"/> requests succeeded.</summary>
    public async Task WaitForSuccessesAsync(long count, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (Succeeded < count)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"only {Succeeded} of {count} requests succeeded; failures: {string.Join(" | ", Failures.Concat(ConnectFailures).Take(5))}");
            }

            await Task.Delay(50);
        }
    }

    private async Task LoopAsync(int objectBytes)
    {
        using var client = WebhookProcess.CreateClient(_caFile);
        var counter = 0;
        while (!_stop.IsCancellationRequested)
        {
            if (_paused)
            {
                await Task.Delay(20);
                continue;
            }

            var uid = $"load-{Environment.CurrentManagedThreadId}-{Guid.NewGuid():N}-{counter++}";
            var obj = Reviews.Deployment();
            if (objectBytes > 0)
            {
                obj["metadata"]!["annotations"]!["pad"] = new string('p', objectBytes);
            }

            using var content = new StringContent(Reviews.Review(obj, uid: uid).ToJsonString(), Encoding.UTF8);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            try
            {
                // Not tied to _stop: a request once started is seen through to its answer.
                using var response = await client.PostAsync(_server.Url("/mutate?timeout=10s"), content);
                var text = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != HttpStatusCode.OK)
                {
                    _failures.Enqueue($"{uid}: HTTP {(int)response.StatusCode} {text}");
                    continue;
                }

                var answer = JsonNode.Parse(text)!;
                if ((string?)answer["response"]?["uid"] != uid || Reviews.Patch(answer.AsObject()) is null)
                {
                    _failures.Enqueue($"{uid}: unexpected answer {text[..Math.Min(200, text.Length)]}");
                    continue;
                }

                Interlocked.Increment(ref _succeeded);
            }
            catch (HttpRequestException e) when (e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.SecureConnectionError
                                                 && _server.HasExitedOrClosing)
            {
                _connectFailures.Enqueue($"{uid}: {e.HttpRequestError} {e.Message}");
                await Task.Delay(20);
            }
            catch (Exception e) when (e is HttpRequestException or IOException or TaskCanceledException or System.Text.Json.JsonException)
            {
                _failures.Enqueue($"{uid}: {e.GetType().Name} {(e as HttpRequestException)?.HttpRequestError} {e.Message} {e.InnerException?.Message}");
            }
        }
    }
}
