using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Wires the restore report (SPEC X2): the recorder always (the handler hands it every answer; it
/// ignores them while the report is off), the writer only when credentials were found at startup.
/// </summary>
internal static class ReportServices
{
    /// <summary>Call after <c>AddClusterLookups</c>, which finds the credentials.</summary>
    public static IServiceCollection AddRestoreReport(this IServiceCollection services)
    {
        services.TryAddSingleton(ReportOptions.Default);
        services.TryAddSingleton(_ => ReplicaIdentity.FromEnvironment(Environment.GetEnvironmentVariable));
        services.TryAddSingleton<ReportMetrics>();
        services.AddSingleton(sp => new ReportRecorder(
            sp.GetRequiredService<SettingsMonitor>(), sp.GetRequiredService<ReportOptions>(), sp.GetRequiredService<ReportMetrics>(),
            sp.GetRequiredService<TimeProvider>(), sp.GetRequiredService<ConnectionResolution>().Connection is not null));
        if (services.Any(d => d.ServiceType == typeof(ClusterClient)))
        {
            services.AddHostedService<ReportWriter>();
        }

        return services;
    }
}
