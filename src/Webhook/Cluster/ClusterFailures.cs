using System.Net;
using System.Security.Authentication;
using System.Text.Json;
using k8s.Autorest;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// Maps what a KubernetesClient call throws to a reason and a log line. The message of an
/// <see cref="HttpOperationException"/> quotes the whole response body, so it is never used.
/// </summary>
internal static class ClusterFailures
{
    public const string NotFound = "not_found";

    /// <summary>The reason and detail for <paramref name="error"/>, or null for an exception that is a bug, not a failure of the call.</summary>
    public static (string Reason, string Detail)? Classify(Exception error, string path, bool pastDeadline) => error switch
    {
        HttpOperationException http => Status(http.Response?.StatusCode ?? 0, path),
        OperationCanceledException when pastDeadline => ("deadline", $"the caller's deadline passed during {path}"),
        // The per-call timeout, or the handler's ConnectTimeout (TCP and TLS setup): both are timeouts.
        OperationCanceledException or TimeoutException => ("timeout", $"no answer within the lookup timeout for {path}"),
        JsonException => ("invalid_response", $"the answer to {path} is not the expected JSON"),
        HttpRequestException { InnerException: AuthenticationException tls } => ("tls", $"TLS with the API server failed: {tls.Message}"),
        HttpRequestException http => ("connection", $"{http.Message} ({path})"),
        _ => null,
    };

    private static (string, string) Status(HttpStatusCode status, string path) => status switch
    {
        HttpStatusCode.NotFound => (NotFound, "404 Not Found"),
        HttpStatusCode.Unauthorized => ("unauthorized", "401 Unauthorized: the token or client certificate was not accepted"),
        HttpStatusCode.Forbidden => ("forbidden", $"403 Forbidden on {path}: RBAC does not allow this"),
        HttpStatusCode.Conflict => ("conflict", $"409 Conflict on {path}"),
        >= HttpStatusCode.InternalServerError => ("server_error", $"HTTP {(int)status} from the API server on {path}"),
        _ => ("http_error", $"HTTP {(int)status} from the API server on {path}"),
    };
}
