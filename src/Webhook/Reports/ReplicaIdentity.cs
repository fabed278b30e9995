namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// Which replica this process is (SPEC X2): the pod name from <c>POD_NAME</c> (the downward API in
/// the shipped Deployment), else <c>HOSTNAME</c>, else the machine name; the replica is the part
/// after its last <c>-</c> (a Deployment pod's random suffix).
/// </summary>
/// <param name="PodName">The whole name, for the Event's reporting instance.</param>
/// <param name="Replica">The part after the last <c>-</c> (the whole name when it has none).</param>
internal sealed record ReplicaIdentity(string PodName, string Replica)
{
    public static ReplicaIdentity FromEnvironment(Func<string, string?> environment)
    {
        ArgumentNullException.ThrowIfNull(environment);
        var pod = NonEmpty(environment("POD_NAME")) ?? NonEmpty(environment("HOSTNAME")) ?? Environment.MachineName;
        return From(pod);
    }

    public static ReplicaIdentity From(string podName)
    {
        ArgumentNullException.ThrowIfNull(podName);
        var dash = podName.LastIndexOf('-');
        var replica = dash >= 0 && dash < podName.Length - 1 ? podName[(dash + 1)..] : podName;
        return new ReplicaIdentity(podName, replica);
    }

    private static string? NonEmpty(string? value) => string.IsNullOrWhiteSpace(value) ? null : value.Trim();
}
