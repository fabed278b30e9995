namespace RestoreMutator.Webhook.Configuration;

/// <summary><c>lookups</c>: whether the webhook reads the cluster (K1-K4).</summary>
internal enum LookupMode
{
    /// <summary>On when credentials are found (in a cluster, or a kubeconfig is given).</summary>
    Auto,

    /// <summary>Never read the cluster; only static values from this file are used.</summary>
    Off,
}
