using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RestoreMutator.Webhook.Diagnostics;

/// <summary>Maps <c>GET /metrics</c> (Prometheus text format 0.0.4, SPEC C3).</summary>
internal static class MetricsEndpoints
{
    public static IEndpointRouteBuilder MapMetrics(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapGet("/metrics", (MetricsCollector collector) => Results.Text(collector.Collect(), PrometheusText.ContentType));
        return endpoints;
    }
}
