using System.Diagnostics;
using System.Text.Json;
using k8s;
using Microsoft.Extensions.Logging;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Cluster;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// The reads behind SPEC K1-K3 and K5 (through <see cref="ClusterClient"/>, KubernetesClient), each cached
/// and bounded by the per-call timeout. A call runs with its own timeout, not the request's token,
/// so one impatient request does not poison the shared result; requests wait for it only as long
/// as their own deadline allows (see the facts source).
/// </summary>
public sealed class ClusterLookups
{
    /// <summary>OpenShift 4.16+: the service account names its pull secret here.</summary>
    public const string PullSecretRefAnnotation = "openshift.io/internal-registry-pull-secret-ref";

    private const string VeleroGroup = "velero.io";
    private const string OpenShiftConfigGroup = "config.openshift.io";

    private readonly ClusterClient _client;
    private readonly LookupOptions _options;
    private readonly LookupMetrics _metrics;
    private readonly ILogger<ClusterLookups> _logger;
    private readonly LookupCache<RestoreFacts> _restores;
    private readonly LookupCache<string> _clusterValues;
    private readonly LookupCache<string> _serviceAccounts;
    private readonly LookupCache<string> _nodes;
    private readonly LookupCache<string> _storageClasses;

    public ClusterLookups(ClusterClient client, LookupOptions options, LookupMetrics metrics, TimeProvider time, ILogger<ClusterLookups> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _client = client;
        _options = options;
        _metrics = metrics;
        _logger = logger;
        _restores = new(time, options.MaxEntries);
        _clusterValues = new(time, 16);
        _serviceAccounts = new(time, options.MaxEntries);
        _nodes = new(time, options.MaxEntries);
        _storageClasses = new(time, options.MaxEntries);
    }

    /// <summary>
    /// K1: the Restore whose restore label value is <paramref name="labelValue"/> (its namespace
    /// mapping and hooks, <see cref="RestoreFacts"/>). Shorter values are the name itself (one GET); a
    /// 63-character value may be Velero's hash of a longer name, so the Restores are listed and
    /// matched through <see cref="VeleroNames.GetValidName"/>.
    /// </summary>
    public Task<LookupResult<RestoreFacts>> RestoreAsync(string veleroNamespace, string labelValue)
    {
        var collection = $"/apis/velero.io/v1/namespaces/{Uri.EscapeDataString(veleroNamespace)}/restores";
        var byName = labelValue.Length < VeleroNames.MaxLabelLength;
        var path = byName ? $"{collection}/{Uri.EscapeDataString(labelValue)}" : collection;
        return _restores.GetAsync(veleroNamespace + "/" + labelValue, async () =>
        {
            var result = byName
                ? await FetchAsync("restore", path, _options.MissingTtl,
                    (api, token) => api.CustomObjects.GetNamespacedCustomObjectAsync<JsonElement>(VeleroGroup, "v1", veleroNamespace, "restores", labelValue, token),
                    Restore).ConfigureAwait(false)
                : await FetchAsync("restore", path, _options.MissingTtl,
                    (api, token) => api.CustomObjects.ListNamespacedCustomObjectAsync<JsonElement>(VeleroGroup, "v1", veleroNamespace, "restores", cancellationToken: token),
                    list => MatchLabel(list, labelValue)).ConfigureAwait(false);
            if (result.State == LookupState.Missing)
            {
                // A label naming no Restore usually means a wrong velero.namespace (OADP uses openshift-adp): make it visible.
                _metrics.CountFailure("restore", result.Reason);
                LookupLog.Failed(_logger, "restore", path, result.Reason, $"no Restore for label value {labelValue} in {veleroNamespace}");
            }

            return result;
        });
    }

    /// <summary>The listed Restore whose Velero label value is <paramref name="labelValue"/>.</summary>
    private LookupResult<RestoreFacts>? MatchLabel(JsonElement list, string labelValue)
    {
        if (!list.TryGetArray("items", out var items))
        {
            return null;
        }

        foreach (var item in items.EnumerateArray())
        {
            if (item.TryGetPath(out var name, "metadata", "name") && name.ValueKind == JsonValueKind.String
                && VeleroNames.GetValidName(name.GetString()!) == labelValue)
            {
                return Restore(item);
            }
        }

        return LookupResults.Missing<RestoreFacts>(_options.MissingTtl);
    }

    /// <summary>K2: <c>config.openshift.io/v1 Image cluster</c> <c>status.internalRegistryHostname</c>; 404 means "not OpenShift".</summary>
    public Task<LookupResult<string>> DestinationRegistryAsync() => _clusterValues.GetAsync("registry", () => FetchAsync(
        "image_config", "/apis/config.openshift.io/v1/images/cluster", _options.NotOpenShiftTtl,
        (api, token) => api.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(OpenShiftConfigGroup, "v1", "images", "cluster", token),
        image => NonEmpty(image, "status", "internalRegistryHostname")));

    /// <summary>K2: <c>config.openshift.io/v1 Ingress cluster</c> <c>spec.domain</c>; 404 means "not OpenShift".</summary>
    public Task<LookupResult<string>> AppsDomainAsync() => _clusterValues.GetAsync("domain", () => FetchAsync(
        "ingress_config", "/apis/config.openshift.io/v1/ingresses/cluster", _options.NotOpenShiftTtl,
        (api, token) => api.CustomObjects.GetClusterCustomObjectAsync<JsonElement>(OpenShiftConfigGroup, "v1", "ingresses", "cluster", token),
        ingress => NonEmpty(ingress, "spec", "domain")));

    /// <summary>K2: <c>/version</c> as <c>major.minor</c>; managed clusters report minors such as <c>31+</c>.</summary>
    public Task<LookupResult<string>> ServerVersionAsync() => _clusterValues.GetAsync("version", () => FetchAsync(
        "version", "/version", _options.MissingTtl, (api, token) => api.Version.GetCodeAsync(token), version =>
            LeadingDigits(version.Major ?? string.Empty) is { Length: > 0 } majorDigits && LeadingDigits(version.Minor ?? string.Empty) is { Length: > 0 } minorDigits
                ? Found($"{majorDigits}.{minorDigits}")
                : null));

    /// <summary>
    /// K3: the current dockercfg secret of service account <paramref name="account"/> in <paramref name="ns"/>:
    /// OpenShift 4.16+ names it in the annotation <see cref="PullSecretRefAnnotation"/>; earlier
    /// versions list it in <c>imagePullSecrets</c> as <c>&lt;account&gt;-dockercfg-*</c> (the last such
    /// entry: the controller appends, so an older restored entry comes first). Secrets are never read.
    /// </summary>
    public Task<LookupResult<string>> DockercfgSecretAsync(string ns, string account) => _serviceAccounts.GetAsync(ns + "/" + account, () => FetchAsync(
        "serviceaccount", $"/api/v1/namespaces/{Uri.EscapeDataString(ns)}/serviceaccounts/{Uri.EscapeDataString(account)}", _options.MissingTtl,
        (api, token) => api.CoreV1.ReadNamespacedServiceAccountAsync(account, ns, cancellationToken: token),
        serviceAccount =>
        {
            if (serviceAccount.Metadata?.Annotations?.TryGetValue(PullSecretRefAnnotation, out var reference) == true && reference is { Length: > 0 })
            {
                return Found(reference);
            }

            // No secret yet: OpenShift adds it seconds after the namespace appears, so this is kept only briefly.
            var last = serviceAccount.ImagePullSecrets?.LastOrDefault(secret => secret?.Name is { } name && DockercfgReferences.ServiceAccountOf(name) == account)?.Name;
            return last is null ? LookupResults.Missing<string>(_options.MissingTtl) : Found(last);
        }));

    /// <summary>
    /// K5: whether node <paramref name="name"/> exists in the destination (V2, P5). Found carries the
    /// name; a 404 is <see cref="LookupState.Missing"/>. Only existence is kept, never the Node itself.
    /// </summary>
    public Task<LookupResult<string>> NodeAsync(string name) => _nodes.GetAsync(name, () => FetchAsync(
        "node", $"/api/v1/nodes/{Uri.EscapeDataString(name)}", _options.MissingTtl,
        (api, token) => api.CoreV1.ReadNodeAsync(name, cancellationToken: token),
        node => node.Metadata?.Name is { Length: > 0 } ? Found(name) : null));

    /// <summary>K5: whether storage class <paramref name="name"/> exists in the destination (V4); a 404 is <see cref="LookupState.Missing"/>.</summary>
    public Task<LookupResult<string>> StorageClassAsync(string name) => _storageClasses.GetAsync(name, () => FetchAsync(
        "storageclass", $"/apis/storage.k8s.io/v1/storageclasses/{Uri.EscapeDataString(name)}", _options.MissingTtl,
        (api, token) => api.StorageV1.ReadStorageClassAsync(name, cancellationToken: token),
        storageClass => storageClass.Metadata?.Name is { Length: > 0 } ? Found(name) : null));

    /// <summary>
    /// One API call through <see cref="ClusterClient"/>: records its duration, maps 404 to
    /// <see cref="LookupState.Missing"/> (kept for <paramref name="notFoundTtl"/>), and counts and logs
    /// failures (never the response body). <paramref name="parse"/> returns null when the answer lacks
    /// the expected fields (an invalid response). <paramref name="path"/> names the call in the log.
    /// </summary>
    private async Task<LookupResult<T>> FetchAsync<T, TBody>(
        string target, string path, TimeSpan notFoundTtl, Func<IKubernetes, CancellationToken, Task<TBody>> call, Func<TBody, LookupResult<T>?> parse)
        where T : class
    {
        var started = Stopwatch.GetTimestamp();
        var response = await _client.SendAsync(path, call).ConfigureAwait(false);
        _metrics.RecordDuration(target, Stopwatch.GetElapsedTime(started));
        if (response.IsNotFound)
        {
            return LookupResults.Missing<T>(notFoundTtl);
        }

        var (reason, detail) = (response.Reason, response.Detail);
        if (response.Succeeded)
        {
            if (response.Value is { } body && (body is not JsonElement element || element.ValueKind == JsonValueKind.Object) && parse(body) is { } result)
            {
                return result;
            }

            (reason, detail) = ("invalid_response", $"the answer to {path} lacks the expected fields");
        }

        _metrics.CountFailure(target, reason);
        LookupLog.Failed(_logger, target, path, reason, detail);
        return LookupResults.Failed<T>(reason, _options.FailureTtl);
    }

    private LookupResult<string> Found(string value) => LookupResults.Found<string>(value, _options.FoundTtl);

    /// <summary>A string field; an empty or absent one is "not configured" (e.g. the registry is disabled).</summary>
    private LookupResult<string>? NonEmpty(JsonElement obj, params ReadOnlySpan<string> path)
    {
        if (!obj.TryGetPath(out var value, path) || value.ValueKind == JsonValueKind.Null)
        {
            return LookupResults.Missing<string>(_options.MissingTtl);
        }

        if (value.ValueKind != JsonValueKind.String)
        {
            return null;
        }

        var text = value.GetString()!;
        return text.Length > 0 ? Found(text) : LookupResults.Missing<string>(_options.MissingTtl);
    }

    /// <summary>A Restore read into facts; null when the answer is not a Restore.</summary>
    private LookupResult<RestoreFacts>? Restore(JsonElement restore) =>
        RestoreFactsReader.Read(restore) is { } facts ? LookupResults.Found(facts, _options.FoundTtl) : null;

    private static string LeadingDigits(string text)
    {
        var length = 0;
        while (length < text.Length && char.IsAsciiDigit(text[length]))
        {
            length++;
        }

        return text[..length];
    }
}
