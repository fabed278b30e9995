using System.Text.Json;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>The outcome of one GET: a JSON document, not found, or a failure with a metric reason.</summary>
public sealed class ApiResponse : IDisposable
{
    private ApiResponse(JsonDocument? document, bool notFound, string reason, string detail)
    {
        Document = document;
        IsNotFound = notFound;
        Reason = reason;
        Detail = detail;
    }

    /// <summary>The body; set only on success. Disposed with this response.</summary>
    public JsonDocument? Document { get; }

    public bool IsNotFound { get; }

    /// <summary>Short, fixed vocabulary for the failure metric: <c>timeout</c>, <c>forbidden</c>, <c>unauthorized</c>, ...</summary>
    public string Reason { get; }

    /// <summary>One line for the log (never the response body: it might echo credentials).</summary>
    public string Detail { get; }

    public static ApiResponse Ok(JsonDocument document) => new(document, false, string.Empty, string.Empty);

    public static ApiResponse NotFound() => new(null, true, "not_found", "404 Not Found");

    public static ApiResponse Failed(string reason, string detail) => new(null, false, reason, detail);

    public void Dispose() => Document?.Dispose();
}
