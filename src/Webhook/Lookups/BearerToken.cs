namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// A bearer token, fixed (kubeconfig <c>token</c>) or read from a file (the pod's projected service
/// account token, kubeconfig <c>tokenFile</c>). A file token is re-read once it is older than the
/// refresh interval: the kubelet rotates projected tokens (about hourly), and client-go re-reads
/// them every minute too. A failed re-read keeps the last token.
/// </summary>
public sealed class BearerToken
{
    private readonly string? _path;
    private readonly TimeSpan _refresh;
    private readonly TimeProvider _time;
    private readonly Lock _lock = new();
    private string _value;
    private DateTimeOffset _readAt;

    private BearerToken(string value, string? path, TimeSpan refresh, TimeProvider time)
    {
        _value = value;
        _path = path;
        _refresh = refresh;
        _time = time;
        _readAt = time.GetUtcNow();
    }

    /// <summary>Where the token comes from, for logs (never the token itself).</summary>
    public string Source => _path ?? "inline token";

    public static BearerToken Fixed(string value) => new(value, null, Timeout.InfiniteTimeSpan, TimeProvider.System);

    /// <summary>Reads <paramref name="path"/> now (throws <see cref="IOException"/> when unreadable) and again after <paramref name="refresh"/>.</summary>
    public static BearerToken FromFile(string path, TimeSpan refresh, TimeProvider time) =>
        new(File.ReadAllText(path).Trim(), path, refresh, time);

    /// <summary>The token to send now.</summary>
    public string Current
    {
        get
        {
            if (_path is null)
            {
                return _value;
            }

            lock (_lock)
            {
                var now = _time.GetUtcNow();
                if (now - _readAt >= _refresh)
                {
                    _readAt = now;
                    try
                    {
                        var text = File.ReadAllText(_path).Trim();
                        if (text.Length > 0)
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
}
