using System.Net;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;

namespace RestoreMutator.Bench.Floor;

/// <summary>
/// Kestrel configured as src/Webhook/WebhookApplication.cs configures it (slim builder, no server
/// header, TLS 1.2/1.3 through a per-connection options callback, HTTP/1.1 or HTTP/1.1+h2, the
/// same handshake timeout), with no logging and one endpoint.
/// </summary>
public static class FloorServer
{
    public static WebApplication Build(int port, string certFile, string keyFile, bool http2)
    {
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        // As ServingCertificate.FromPem loads it (Linux needs no PKCS#12 round trip).
        var certificate = X509Certificate2.CreateFromPemFile(certFile, keyFile);
        var context = SslStreamCertificateContext.Create(certificate, additionalCertificates: null, offline: true);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, port, listen =>
            {
                listen.Protocols = http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(new SslServerAuthenticationOptions
                    {
                        ServerCertificateContext = context,
                        EnabledSslProtocols = SslProtocols.Tls12 | SslProtocols.Tls13,
                        ApplicationProtocols = http2 ? [SslApplicationProtocol.Http2, SslApplicationProtocol.Http11] : [SslApplicationProtocol.Http11],
                        CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                    }),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                });
            });
        });

        var app = builder.Build();
        app.MapPost("/mutate", FloorHandler.HandleAsync);
        app.MapGet("/readyz", () => "ok");
        return app;
    }
}
