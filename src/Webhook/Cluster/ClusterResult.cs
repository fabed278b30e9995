namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// The outcome of one API call: the value, not found, or a failure with a short reason for the
/// metrics (<c>timeout</c>, <c>deadline</c>, <c>forbidden</c>, <c>unauthorized</c>, <c>conflict</c>,
/// <c>server_error</c>, <c>http_error</c>, <c>invalid_response</c>, <c>tls</c>, <c>connection</c>).
/// </summary>
internal sealed record ClusterResult<T>
{
    public bool Succeeded { get; init; }

    /// <summary>The answer; set only when <see cref="Succeeded"/>.</summary>
    public T? Value { get; init; }

    public bool IsNotFound => Reason == "not_found";

    /// <summary>Empty on success.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>One line for the log, written by restore-mutator: never the response body (it might echo credentials or object contents).</summary>
    public string Detail { get; init; } = string.Empty;
}
