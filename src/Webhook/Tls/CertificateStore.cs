using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using Microsoft.Extensions.Logging;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Tls;

/// <summary>
/// The serving certificate (and optional client CA) in force. Files are re-read when their bytes
/// change, including Kubernetes' <c>..data</c> symlink swap; a half-written or invalid pair is
/// ignored and the last good certificate keeps serving (controller-runtime certwatcher, SPEC C2).
/// </summary>
internal sealed partial class CertificateStore : IPolledReload
{
    private readonly TlsSettings _settings;
    private readonly ILogger<CertificateStore> _logger;
    private readonly FileFingerprint _serving = new();
    private readonly FileFingerprint _clientCa = new();
    private volatile ServingCertificate? _current;
    private volatile X509Certificate2Collection? _clientRoots;

    public CertificateStore(TlsSettings settings, ILogger<CertificateStore> logger)
    {
        _settings = settings;
        _logger = logger;
    }

    /// <summary>Raised after each attempt to load changed files: true on success.</summary>
    public event Action<bool>? Reloaded;

    /// <summary>The certificate in force, or null before the first successful load.</summary>
    public ServingCertificate? Current => _current;

    /// <summary>Whether client certificates are required (server.tls.clientCAFile set).</summary>
    public bool RequiresClientCertificate => _settings.ClientCAFile.Length > 0;

    /// <summary>Loads the files at startup; returns every problem found (empty on success).</summary>
    public IReadOnlyList<string> LoadInitial()
    {
        if (_settings.CertFile.Length == 0)
        {
            // Only generated here; its public part is written once the server listens
            // (PublishDevelopmentCertificate), so an instance that fails to start overwrites no file.
            _current = DevelopmentCertificate.Create();
        }

        var errors = new List<string>();
        if (!TryLoadServing(out var servingError) && servingError is not null)
        {
            errors.Add(servingError);
        }

        if (RequiresClientCertificate && !TryLoadClientCa(out var caError) && caError is not null)
        {
            errors.Add(caError);
        }

        return errors;
    }

    /// <summary>
    /// Writes the generated certificate's public part for clients (<c>curl --cacert</c>) and logs
    /// where it is; nothing when TLS files are configured. Call once the server listens (SPEC C8).
    /// </summary>
    public void PublishDevelopmentCertificate()
    {
        if (_current is not { Generated: true } generated)
        {
            return;
        }

        var path = DevelopmentCertificate.WritePublicPem(generated.Leaf);
        LogGeneratedCertificate(_logger, generated.Leaf.NotAfter.ToUniversalTime(), path ?? "(not written)");
    }

    public void Poll()
    {
        if (TryLoadServing(out var servingError) || servingError is not null)
        {
            Reloaded?.Invoke(servingError is null);
        }

        if (RequiresClientCertificate)
        {
            TryLoadClientCa(out _);
        }
    }

    /// <summary>Per-connection TLS options: the current certificate, TLS 1.2+, HTTP/1.1 (and h2 when enabled).</summary>
    public SslServerAuthenticationOptions CreateServerOptions(bool http2)
    {
        var current = _current ?? throw new AuthenticationException("no serving certificate is loaded");
        return new SslServerAuthenticationOptions
        {
            ServerCertificateContext = current.Context,
            EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
            ApplicationProtocols = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
            ClientCertificateRequired = RequiresClientCertificate,
            RemoteCertificateValidationCallback = RequiresClientCertificate ? ValidateClientCertificate : null,
            CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
        };
    }

    private bool ValidateClientCertificate(object sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null)
        {
            // No certificate: the connection may serve /healthz, /readyz and /metrics (kubelet
            // probes and scrapers have none); AdmissionHandler refuses /mutate without one.
            return true;
        }

        var roots = _clientRoots;
        if (roots is null || roots.Count == 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.CustomTrustStore.AddRange(roots);
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.2"));
        if (chain is not null)
        {
            custom.ChainPolicy.ExtraStore.AddRange(chain.ChainElements.Select(e => e.Certificate).ToArray());
        }

        using var leaf = new X509Certificate2(certificate);
        return custom.Build(leaf);
    }

    private bool TryLoadServing(out string? error)
    {
        error = null;
        if (_settings.CertFile.Length == 0)
        {
            return false;
        }

        try
        {
            var content = _serving.ReadIfChanged(_settings.CertFile, _settings.KeyFile);
            if (content is null)
            {
                return false;
            }

            var loaded = ServingCertificate.FromPem(Encoding.ASCII.GetString(content[0]), Encoding.ASCII.GetString(content[1]));
            var previous = _current;
            _current = loaded;
            var notAfter = loaded.Leaf.NotAfter.ToUniversalTime();
            LogCertificateLoaded(_logger, _settings.CertFile, loaded.Leaf.Subject, notAfter, previous is not null);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException or ArgumentException)
        {
            // Mid-rotation (certificate and key of different generations) or a bad file: keep serving the last good one.
            error = $"cannot load certificate {_settings.CertFile} with key {_settings.KeyFile}: {e.Message}";
            LogCertificateRejected(_logger, _settings.CertFile, e.Message, _current is not null);
            return false;
        }
    }

    private bool TryLoadClientCa(out string? error)
    {
        error = null;
        try
        {
            var content = _clientCa.ReadIfChanged(_settings.ClientCAFile);
            if (content is null)
            {
                return false;
            }

            var roots = new X509Certificate2Collection();
            roots.ImportFromPem(Encoding.ASCII.GetString(content[0]));
            if (roots.Count == 0)
            {
                throw new CryptographicException("no PEM certificate found");
            }

            _clientRoots = roots;
            LogClientCaLoaded(_logger, _settings.ClientCAFile, roots.Count);
            return true;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            error = $"cannot load client CA {_settings.ClientCAFile}: {e.Message}";
            LogCertificateRejected(_logger, _settings.ClientCAFile, e.Message, _clientRoots is not null);
            return false;
        }
    }

    [LoggerMessage(EventId = 200, EventName = "CertificateLoaded", Level = LogLevel.Information, Message = "Serving certificate loaded from {CertFile:l}: {Subject:l}, expires {NotAfter:o} (reload: {IsReload})")]
    private static partial void LogCertificateLoaded(ILogger logger, string certFile, string subject, DateTime notAfter, bool isReload);

    [LoggerMessage(EventId = 201, EventName = "CertificateRejected", Level = LogLevel.Warning, Message = "Cannot load {File:l}: {Reason:l} (previous certificate kept: {KeptPrevious})")]
    private static partial void LogCertificateRejected(ILogger logger, string file, string reason, bool keptPrevious);

    [LoggerMessage(EventId = 202, EventName = "GeneratedCertificate", Level = LogLevel.Warning, Message = "No TLS files configured: serving a generated self-signed certificate for localhost (development only), expires {NotAfter:o}; its PEM is at {PemPath:l}")]
    private static partial void LogGeneratedCertificate(ILogger logger, DateTime notAfter, string pemPath);

    [LoggerMessage(EventId = 203, EventName = "ClientCaLoaded", Level = LogLevel.Information, Message = "Client CA loaded from {CaFile:l} ({Count} certificates): client certificates are required")]
    private static partial void LogClientCaLoaded(ILogger logger, string caFile, int count);
}
