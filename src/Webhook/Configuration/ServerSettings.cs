namespace RestoreMutator.Webhook.Configuration;

/// <summary><c>server</c>: where and how the HTTPS endpoint listens.</summary>
internal sealed record ServerSettings
{
    public int Port { get; init; } = 8443;

    public string Address { get; init; } = "0.0.0.0";

    public TlsSettings Tls { get; init; } = new();

    public bool Http2 { get; init; }
}
