namespace RestoreMutator.Webhook.Configuration;

/// <summary><c>server.tls</c>. Empty <see cref="CertFile"/> and <see cref="KeyFile"/> mean a generated self-signed certificate.</summary>
internal sealed record TlsSettings
{
    public string CertFile { get; init; } = "/etc/restore-mutator/tls/tls.crt";

    public string KeyFile { get; init; } = "/etc/restore-mutator/tls/tls.key";

    public string ClientCAFile { get; init; } = string.Empty;
}
