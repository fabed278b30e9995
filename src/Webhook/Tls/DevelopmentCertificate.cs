using System.Net;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Tls;

/// <summary>
/// A self-signed certificate for the local try-out (no config, SPEC C2). Its public part is written
/// to a file so a client can trust it (<c>curl --cacert</c>), once the server listens: a second instance
/// that fails to start leaves the running one's file alone (SPEC C8). Never used when TLS files are configured.
/// </summary>
internal static class DevelopmentCertificate
{
    public static ServingCertificate Create()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest("CN=restore-mutator (development)", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName("localhost");
        names.AddDnsName("restore-mutator.restore-mutator.svc");
        names.AddDnsName("restore-mutator.restore-mutator.svc.cluster.local");
        names.AddIpAddress(IPAddress.Loopback);
        names.AddIpAddress(IPAddress.IPv6Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        var now = DateTimeOffset.UtcNow;
        var certificate = request.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(30));
        return new ServingCertificate(certificate, SslStreamCertificateContext.Create(certificate, null, offline: true), Generated: true);
    }

    /// <summary>Writes the certificate (public part only) as PEM; returns the path, or null when it cannot be written.</summary>
    public static string? WritePublicPem(X509Certificate2 certificate)
    {
        try
        {
            var directory = Path.Combine(Path.GetTempPath(), "restore-mutator");
            Directory.CreateDirectory(directory);
            var path = Path.Combine(directory, "dev-ca.crt");
            // Written beside and renamed over: a client reading the file never sees half of it.
            var temporary = $"{path}.{Environment.ProcessId}.tmp";
            File.WriteAllText(temporary, certificate.ExportCertificatePem() + "\n");
            File.Move(temporary, path, overwrite: true);
            return path;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
