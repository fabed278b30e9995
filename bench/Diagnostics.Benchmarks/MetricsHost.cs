using System.Diagnostics.Metrics;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenTelemetry.Metrics;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Benchmarks;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Diagnostics;
using RestoreMutator.Webhook.Tls;

namespace RestoreMutator.Diagnostics.Benchmarks;

/// <summary>
/// An in-memory ASP.NET Core host with the webhook's instruments (<see cref="WebhookMetrics"/>,
/// <see cref="ProcessMetrics"/>, the runtime's meter) and one exporter variant serving <c>GET /metrics</c>.
/// </summary>
internal sealed class MetricsHost : IAsyncDisposable
{
    private MetricsHost(WebApplication app, AdmissionRequest request, AdmissionDecision decision)
    {
        App = app;
        Client = app.GetTestClient();
        Metrics = app.Services.GetRequiredService<WebhookMetrics>();
        Request = request;
        Decision = decision;
        var meter = app.Services.GetRequiredService<IMeterFactory>().Create(WebhookMetrics.MeterName);
        Escaping = meter.CreateCounter<long>("bench_label_escaping_total", description: "Label values with a quote, a backslash and a newline.");
    }

    public WebApplication App { get; }
    public HttpClient Client { get; }
    public WebhookMetrics Metrics { get; }
    public AdmissionRequest Request { get; }
    public AdmissionDecision Decision { get; }
    public Counter<long> Escaping { get; }

    public static async Task<MetricsHost> StartAsync(MetricsVariant variant, IReadOnlyList<string>? meters = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.UseTestServer();
        var snapshot = ConfigSnapshot.Create(WebhookSettingsLoader.Load(Sample.ConfigYaml).Settings!, "bench");
        var services = builder.Services;
        services.AddMetrics();
        services.AddSingleton(new SettingsMonitor(snapshot, null, NullLogger<SettingsMonitor>.Instance));
        services.AddSingleton(new CertificateStore(snapshot.Settings.Server.Tls, NullLogger<CertificateStore>.Instance));
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<ProcessMetrics>();
        if (variant == MetricsVariant.Own)
        {
            services.AddSingleton(provider => new MetricsCollector(meters ?? DiagnosticsExtensions.ExportedMeters, provider.GetRequiredService<IMeterFactory>()));
        }
        else if (variant == MetricsVariant.OpenTelemetry)
        {
            // No scrape cache: every scrape collects, as ours does.
            services.AddOpenTelemetry().WithMetrics(metrics => metrics
                .AddMeter([.. DiagnosticsExtensions.ExportedMeters])
                .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        }

        var app = builder.Build();
        if (variant == MetricsVariant.Own)
        {
            app.Services.GetRequiredService<MetricsCollector>();
            app.MapMetrics();
        }
        else if (variant == MetricsVariant.OpenTelemetry)
        {
            app.MapPrometheusScrapingEndpoint("/metrics");
        }

        app.Services.GetRequiredService<ProcessMetrics>();
        await app.StartAsync();
        // The request keeps elements of the document, so the document lives as long as the host.
        var document = JsonDocument.Parse(Sample.ReviewBytes("pod-5k"), AdmissionReviewParser.DocumentOptions);
        if (!AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error))
        {
            throw new InvalidOperationException(error);
        }

        var decision = snapshot.Pipeline.Run(review.Request, snapshot.Pipeline.StaticFacts);
        return new MetricsHost(app, review.Request, decision);
    }

    /// <summary>What the handler records for one answered review.</summary>
    public void RecordReview(long started)
    {
        using var inflight = Metrics.Begin();
        Metrics.Reviewed(Request, Decision, started);
    }

    /// <summary>A realistic set of series: every outcome and operation, rejections, awkward label values.</summary>
    public void Populate()
    {
        var started = System.Diagnostics.Stopwatch.GetTimestamp();
        for (var i = 0; i < 1000; i++)
        {
            RecordReview(started);
        }

        foreach (var code in new[] { 400, 403, 413, 415 })
        {
            Metrics.Rejected(code, started);
        }

        Escaping.Add(1, new KeyValuePair<string, object?>("value", "quote \" backslash \\ newline \n end"));
    }

    public async ValueTask DisposeAsync()
    {
        Client.Dispose();
        await App.StopAsync();
        await App.DisposeAsync();
    }
}
