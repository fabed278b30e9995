using System.Diagnostics.Metrics;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Serilog;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>
/// Logging and metrics of the server in one place (in the style of eShop's ServiceDefaults):
/// Serilog through Serilog.AspNetCore's host integration, JSON lines on stdout written from a
/// background thread (SPEC C4), and the Prometheus exporter with the webhook's, the process's, the
/// runtime's and Kestrel's figures (SPEC C3, C9).
/// </summary>
internal static class DiagnosticsExtensions
{
    /// <summary>The runtime's built-in meter (.NET 9+): GC, thread pool, JIT, exceptions, CPU and working set.</summary>
    public const string RuntimeMeterName = "System.Runtime";

    /// <summary>Kestrel's meter: open, queued and rejected connections, TLS handshakes.</summary>
    public const string KestrelMeterName = "Microsoft.AspNetCore.Server.Kestrel";

    /// <summary>Every meter <c>/metrics</c> exports.</summary>
    public static readonly IReadOnlyList<string> ExportedMeters = [WebhookMetrics.MeterName, RuntimeMeterName, KestrelMeterName];

    /// <summary>
    /// Adds logging (when <paramref name="consoleLogging"/>) and metrics. Serilog replaces the
    /// logger factory; the static <see cref="Log.Logger"/> is left alone, so two hosts in one
    /// process (tests) and the preview command, which builds no host, never share a logger.
    /// </summary>
    public static WebApplicationBuilder AddWebhookDiagnostics(this WebApplicationBuilder builder, bool consoleLogging)
    {
        ArgumentNullException.ThrowIfNull(builder);
        var services = builder.Services;
        builder.Logging.ClearProviders();
        if (consoleLogging)
        {
            services.AddSingleton(_ => new BackgroundConsoleSink(LoggingSetup.CreateFormatter(), Console.OpenStandardOutput()));
            services.AddSerilog(
                (provider, configuration) => LoggingSetup.Configure(configuration, provider.GetRequiredService<BackgroundConsoleSink>(),
                    Environment.GetEnvironmentVariable(LoggingSetup.LevelVariable)),
                preserveStaticLogger: true);
            services.AddSingleton(provider => new LogSinkMetrics(provider.GetRequiredService<IMeterFactory>(), provider.GetRequiredService<BackgroundConsoleSink>()));
        }

        services.AddMetrics();
        services.AddSingleton(provider => new MetricsCollector(ExportedMeters, provider.GetRequiredService<IMeterFactory>()));
        services.AddSingleton<WebhookMetrics>();
        services.AddSingleton<ProcessMetrics>();
        return builder;
    }

    /// <summary>Creates the collector and instruments now, not on first use, and maps <c>GET /metrics</c>.</summary>
    public static WebApplication MapWebhookDiagnostics(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        // The listener must see every measurement, and reload events from startup on must be counted.
        app.Services.GetRequiredService<MetricsCollector>();
        app.Services.GetRequiredService<WebhookMetrics>();
        app.Services.GetRequiredService<ProcessMetrics>();
        app.Services.GetService<LogSinkMetrics>();
        app.MapMetrics();
        return app;
    }
}
