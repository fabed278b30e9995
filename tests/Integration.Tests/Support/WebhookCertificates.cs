using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Integration.Tests.Support;

/// <summary>
/// A throw-away CA and a serving certificate for the name the API server in the container dials
/// (<see cref="K3sCluster.HostName"/>, the Docker host gateway) and for 127.0.0.1 (the test's own
/// readiness check), written as PEM files for the webhook process.
/// </summary>
public sealed class WebhookCertificates
{
    private WebhookCertificates(string caPem, string certFile, string keyFile)
    {
        CaPem = caPem;
        CertFile = certFile;
        KeyFile = keyFile;
    }

    /// <summary>The CA, for the MutatingWebhookConfiguration's <c>caBundle</c>.</summary>
    public string CaPem { get; }

    public string CertFile { get; }

    public string KeyFile { get; }

    public static WebhookCertificates Write(string directory, string hostName)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=restore-mutator-integration-ca", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest($"CN={hostName}", key, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(hostName);
        names.AddIpAddress(IPAddress.Loopback);
        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        using var serving = request.Create(ca, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8));

        var certFile = Path.Combine(directory, "tls.crt");
        var keyFile = Path.Combine(directory, "tls.key");
        File.WriteAllText(certFile, serving.ExportCertificatePem() + "\n");
        File.WriteAllText(keyFile, key.ExportPkcs8PrivateKeyPem() + "\n");
        return new WebhookCertificates(ca.ExportCertificatePem() + "\n", certFile, keyFile);
    }
}
