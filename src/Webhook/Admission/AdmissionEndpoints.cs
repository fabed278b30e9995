using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;

namespace RestoreMutator.Webhook.Admission;

/// <summary>Maps <c>POST /mutate</c>.</summary>
internal static class AdmissionEndpoints
{
    public static IEndpointRouteBuilder MapAdmission(this IEndpointRouteBuilder endpoints)
    {
        endpoints.MapPost("/mutate", (HttpContext http, AdmissionHandler handler) => handler.HandleAsync(http));
        return endpoints;
    }
}
