using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using RestoreMutator.Webhook.Cluster;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Wires the facts source: cluster lookups when <c>lookups: auto</c> and credentials are found at
/// startup, else configured values only (SPEC K4). A reload to <c>lookups: off</c> takes effect at
/// once; turning lookups on needs a restart (credentials are found at startup).
/// </summary>
public static class LookupServices
{
    /// <summary>Registers the facts source; throws <see cref="StartupException"/> for an explicitly named kubeconfig that cannot be used.</summary>
    public static IServiceCollection AddClusterLookups(this IServiceCollection services, WebhookStartup startup)
    {
        ArgumentNullException.ThrowIfNull(startup);
        var resolution = ClusterConnectionResolver.Resolve(
            startup.Config.Settings.Lookups, startup.KubeconfigPath, Environment.GetEnvironmentVariable,
            InClusterConnection.DefaultDirectory, TimeProvider.System);
        if (resolution.Error is not null)
        {
            throw new StartupException([resolution.Error]);
        }

        services.AddSingleton(resolution);
        services.TryAddSingleton(LookupOptions.Default);
        services.AddMetrics();
        services.TryAddSingleton<LookupMetrics>();
        if (resolution.Connection is null)
        {
            services.AddSingleton<IClusterFactsSource, StaticClusterFactsSource>();
            return services;
        }

        services.AddSingleton(resolution.Connection);
        services.AddSingleton<ClusterClient>();
        services.AddSingleton<ClusterLookups>();
        services.AddSingleton<IClusterFactsSource, LookupClusterFactsSource>();
        services.AddHostedService<ClusterWarmUp>();
        return services;
    }

    /// <summary>Says at startup whether lookups are on, and against which API server.</summary>
    public static void LogClusterLookups(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var logger = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LookupServices).FullName!);
        var resolution = app.Services.GetRequiredService<ConnectionResolution>();
        if (resolution.Connection is { } connection)
        {
            LookupLog.Enabled(logger, connection.Source, connection.Server);
        }
        else
        {
            LookupLog.Disabled(logger, resolution.Explanation);
        }
    }
}
