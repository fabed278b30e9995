using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>A throw-away CA issuing a loopback server certificate and a client certificate, like a cluster's.</summary>
public sealed class FakeApiCertificates : IDisposable
{
    /// <param name="caName">Subject of the CA.</param>
    /// <param name="serverName">
    /// The name the server certificate is issued for; null (default) is 127.0.0.1 and localhost, what
    /// the client dials. Any other name makes a certificate from the trusted CA for the wrong host.
    /// </param>
    public FakeApiCertificates(string caName = "fake-kube-ca", string? serverName = null)
    {
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN={caName}", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        var now = DateTimeOffset.UtcNow;
        Authority = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        var names = new SubjectAlternativeNameBuilder();
        if (serverName is null)
        {
            names.AddIpAddress(IPAddress.Loopback);
            names.AddDnsName("localhost");
        }
        else
        {
            names.AddDnsName(serverName);
        }

        Server = Issue("CN=kube-apiserver", names, "1.3.6.1.5.5.7.3.1");
        Client = Issue("CN=system:serviceaccount:restore-mutator:restore-mutator", null, "1.3.6.1.5.5.7.3.2");
    }

    public X509Certificate2 Authority { get; }
    public X509Certificate2 Server { get; }
    public X509Certificate2 Client { get; }

    public string AuthorityPem => Authority.ExportCertificatePem() + "\n";
    public string ClientCertificatePem => Client.ExportCertificatePem() + "\n";
    public string ClientKeyPem => Client.GetECDsaPrivateKey()!.ExportPkcs8PrivateKeyPem() + "\n";

    private X509Certificate2 Issue(string subject, SubjectAlternativeNameBuilder? names, string usage)
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        if (names is not null)
        {
            request.CertificateExtensions.Add(names.Build());
        }

        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(usage)], false));
        var now = DateTimeOffset.UtcNow;
        using var issued = request.Create(Authority, now.AddMinutes(-5), now.AddHours(12), RandomNumberGenerator.GetBytes(8));
        return issued.CopyWithPrivateKey(key);
    }

    public void Dispose()
    {
        Authority.Dispose();
        Server.Dispose();
        Client.Dispose();
    }
}
