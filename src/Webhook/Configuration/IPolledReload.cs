namespace RestoreMutator.Webhook.Configuration;

/// <summary>
/// Something backed by files that is re-read when their content changes. Polling and comparing
/// bytes is the one reload mechanism: Kubernetes updates Secret and ConfigMap volumes by swapping
/// a <c>..data</c> symlink, which file-system watchers on the visible paths do not report.
/// </summary>
internal interface IPolledReload
{
    /// <summary>Re-reads the files; does nothing when their content is unchanged.</summary>
    void Poll();
}
