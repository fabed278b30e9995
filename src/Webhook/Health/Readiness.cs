using Microsoft.Extensions.Hosting;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tls;

namespace RestoreMutator.Webhook.Health;

/// <summary>
/// Ready = a certificate is loaded and not expired, a valid configuration is in force, and the
/// server is not shutting down (SPEC C3, C5). Liveness depends on none of these.
/// </summary>
internal sealed class Readiness(CertificateStore certificates, SettingsMonitor settings, IHostApplicationLifetime lifetime, TimeProvider time)
{
    /// <summary>Null when ready, else the reason.</summary>
    public string? NotReadyReason()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return "shutting down";
        }

        var certificate = certificates.Current;
        if (certificate is null)
        {
            return "no serving certificate loaded";
        }

        if (certificate.Leaf.NotAfter.ToUniversalTime() <= time.GetUtcNow().UtcDateTime)
        {
            return "serving certificate expired";
        }

        return settings.Current is null ? "no valid configuration" : null;
    }
}
