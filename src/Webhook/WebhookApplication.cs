using System.Net;
using System.Net.Security;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Admission;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Diagnostics;
using RestoreMutator.Webhook.Health;
using RestoreMutator.Webhook.Limits;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Reports;
using RestoreMutator.Webhook.Tls;

namespace RestoreMutator.Webhook;

/// <summary>Builds the ASP.NET Core host: Kestrel over TLS, services, and the endpoints.</summary>
internal static class WebhookApplication
{
    /// <summary>
    /// Builds the application. <paramref name="configure"/> lets tests swap the server (TestServer)
    /// or services before the host is built.
    /// </summary>
    public static WebApplication Build(WebhookStartup startup, Action<WebApplicationBuilder>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(startup);
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [], ContentRootPath = AppContext.BaseDirectory });
        builder.AddWebhookDiagnostics(startup.ConsoleLogging);
        var settings = startup.Config.Settings;
        var services = builder.Services;
        services.AddSingleton(startup);
        services.AddSingleton(TimeProvider.System);
        services.AddSingleton(ReloadInterval.FromEnvironment());
        services.AddSingleton(sp => new SettingsMonitor(startup.Config, startup.ConfigFile, sp.GetRequiredService<ILogger<SettingsMonitor>>()));
        services.AddSingleton(sp => new CertificateStore(settings.Server.Tls, sp.GetRequiredService<ILogger<CertificateStore>>()));
        services.AddSingleton<IPolledReload>(sp => sp.GetRequiredService<SettingsMonitor>());
        services.AddSingleton<IPolledReload>(sp => sp.GetRequiredService<CertificateStore>());
        services.AddHostedService<FileReloadService>();
        services.AddClusterLookups(startup);
        services.AddRestoreReport();
        services.AddHostLimits();
        services.AddSingleton<AdmissionHandler>();
        services.AddSingleton<Readiness>();
        var drain = ShutdownDrain.Delay.FromEnvironment();
        services.AddSingleton(drain);
        services.AddSingleton<ConnectionDrain>();
        services.AddHostedService<ShutdownDrain>();
        // The drain delay runs inside the shutdown timeout; in-flight requests get 25 s after it.
        services.Configure<HostOptions>(options => options.ShutdownTimeout = TimeSpan.FromSeconds(25) + drain.Value);

        builder.WebHost.UseBoundedSockets();
        builder.WebHost.ConfigureKestrel((context, kestrel) =>
        {
            kestrel.AddServerHeader = false;
            // Kestrel's default is 30,000,000 bytes; one byte over the handler's cap lets it answer 413 itself.
            kestrel.Limits.MaxRequestBodySize = AdmissionHandler.MaxBodyBytes + 1;
            KestrelLimits.Apply(kestrel.Limits);
            var store = kestrel.ApplicationServices.GetRequiredService<CertificateStore>();
            var connections = kestrel.ApplicationServices.GetRequiredService<ConnectionDrain>();
            var guard = kestrel.ApplicationServices.GetRequiredService<ConnectionGuard>();
            Listen(kestrel, settings.Server, listen =>
            {
                // HTTP/1.1 by default: the Go webhook ecosystem turned HTTP/2 off after CVE-2023-44487,
                // and HTTP/1.1 spreads the API server's calls over replicas (SPEC C2).
                listen.Protocols = settings.Server.Http2 ? HttpProtocols.Http1AndHttp2 : HttpProtocols.Http1;
                listen.Use(guard.BeforeTls);
                listen.UseHttps(new TlsHandshakeCallbackOptions
                {
                    OnConnection = _ => ValueTask.FromResult(store.CreateServerOptions(settings.Server.Http2)),
                    HandshakeTimeout = TimeSpan.FromSeconds(10),
                });
                listen.Use(ConnectionGuard.AfterTls);
                listen.Use(connections.Track);
            });
        });

        configure?.Invoke(builder);
        var app = builder.Build();
        var drainResponses = app.Services.GetRequiredService<ConnectionDrain>();
        app.Use(drainResponses.InvokeAsync);
        app.MapWebhookDiagnostics();
        app.MapHealth();
        app.MapAdmission();
        app.LogClusterLookups();
        LimitsLog.InForce(app.Services.GetRequiredService<ILogger<HostLimits>>(), app.Services.GetRequiredService<HostLimits>());
        return app;
    }

    /// <summary>Loads certificates; throws <see cref="StartupException"/> listing every problem.</summary>
    public static void LoadCertificates(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var errors = app.Services.GetRequiredService<CertificateStore>().LoadInitial();
        if (errors.Count > 0)
        {
            throw new StartupException(errors);
        }
    }

    /// <summary>Once the server listens: writes the development CA when the certificate is generated (SPEC C2, C8).</summary>
    public static void Started(WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.Services.GetRequiredService<CertificateStore>().PublishDevelopmentCertificate();
    }

    private static void Listen(KestrelServerOptions kestrel, ServerSettings server, Action<ListenOptions> configure)
    {
        if (server.Address == "localhost")
        {
            kestrel.ListenLocalhost(server.Port, configure);
            return;
        }

        var address = IPAddress.Parse(server.Address);
        if (address.Equals(IPAddress.Any) || address.Equals(IPAddress.IPv6Any))
        {
            kestrel.ListenAnyIP(server.Port, configure);
        }
        else
        {
            kestrel.Listen(address, server.Port, configure);
        }
    }
}
