using System.Net.Http.Headers;
using k8s.Authentication;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// A bearer token read from a file (the pod's projected service account token, kubeconfig
/// <c>tokenFile</c>), re-read once the copy is older than the refresh interval: the kubelet rotates
/// projected tokens, and client-go re-reads them every minute too. Unlike KubernetesClient's
/// <c>TokenFileAuth</c>, a failed or empty re-read (mid-rotation) keeps the last token instead of
/// failing the call.
/// </summary>
internal sealed class RotatingTokenFile : ITokenProvider
{
    /// <summary>Projected tokens rotate; re-read when the copy in memory is older than this (as client-go).</summary>
    public static readonly TimeSpan DefaultRefresh = TimeSpan.FromMinutes(1);

    private readonly TimeSpan _refresh;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private string _value;
    private DateTimeOffset _readAt;

    private RotatingTokenFile(string path, string value, TimeSpan refresh, TimeProvider time)
    {
        Path = path;
        _value = value;
        _refresh = refresh;
        _time = time;
        _readAt = time.GetUtcNow();
    }

    /// <summary>The token file, for logs (never the token itself).</summary>
    public string Path { get; }

    /// <summary>Reads <paramref name="path"/> now (throws <see cref="IOException"/> or <see cref="UnauthorizedAccessException"/> when unreadable).</summary>
    public static RotatingTokenFile Open(string path, TimeSpan refresh, TimeProvider time) =>
        new(path, File.ReadAllText(path).Trim(), refresh, time);

    /// <summary>The token to send now.</summary>
    public string Current
    {
        get
        {
            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (now - _readAt >= _refresh)
                {
                    _readAt = now;
                    try
                    {
                        if (File.ReadAllText(Path).Trim() is { Length: > 0 } text)
                        {
                            _value = text;
                        }
                    }
                    catch (Exception e) when (e is IOException or UnauthorizedAccessException)
                    {
                        // Mid-rotation: the kubelet swaps a symlink; the old token stays valid for a while.
                    }
                }

                return _value;
            }
        }
    }

    public Task<AuthenticationHeaderValue> GetAuthenticationHeaderAsync(CancellationToken cancellationToken) =>
        Task.FromResult(new AuthenticationHeaderValue("Bearer", Current));
}
