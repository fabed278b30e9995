namespace RestoreMutator.Webhook.Cluster;

/// <summary>Constructors of <see cref="ClusterResult{T}"/>.</summary>
internal static class ClusterResults
{
    public static ClusterResult<T> Ok<T>(T value) => new() { Succeeded = true, Value = value };

    public static ClusterResult<T> Failed<T>(string reason, string detail) => new() { Reason = reason, Detail = detail };
}
