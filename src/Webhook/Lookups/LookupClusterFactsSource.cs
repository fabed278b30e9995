using Microsoft.Extensions.Logging;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Facts from the cluster composed with the configuration (SPEC K1-K4). Configured values win over
/// discovered ones. Only what the object's rules can use is looked up: registry, server version and
/// the Restore (its namespace mapping) for kinds with images (R1, R4, O6), the Restore for every Pod
/// (its hooks decide whether a managed pod may be skipped, P3), the apps domain for Routes
/// when generated hosts are rewritten (T1), service accounts only when the object names a generated
/// dockercfg secret (P6, B2). All calls of one request run in parallel; the request waits for them
/// no longer than its own deadline, and a lookup that fails only drops its fact, with a warning.
/// </summary>
public sealed class LookupClusterFactsSource(ClusterLookups lookups, LookupMetrics metrics, ILogger<LookupClusterFactsSource> logger) : IClusterFactsSource
{
    public async ValueTask<ClusterFacts> GetAsync(AdmissionRequest request, ConfigSnapshot config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(config);
        var settings = config.Settings;
        var facts = config.StaticFacts;
        if (settings.Lookups == LookupMode.Off || !InScope(request, config))
        {
            return facts;
        }

        var kind = request.Kind.GroupKind;
        var withImages = KnownKinds.WithImages.Any(k => k.GroupKind == kind);
        // Pods have images, so this is already true for them; said explicitly because P2 must see the Restore's hooks (P3).
        var needsRestore = withImages || kind == KnownKinds.Pod.GroupKind;
        var restoreName = needsRestore ? RestoreLabelValue(request, settings) : null;
        var ns = request.Namespace.Length > 0 ? request.Namespace : request.Object.TryGetPath(out var value, "metadata", "namespace") ? value.GetString() ?? string.Empty : string.Empty;
        var accounts = ns.Length == 0 ? [] : DockercfgReferences.Find(request.Object, kind).Select(r => r.ServiceAccount).Distinct().ToArray();

        // Start everything first, then wait: the calls overlap.
        var registry = withImages && facts.DestinationRegistry is null ? lookups.DestinationRegistryAsync() : null;
        var version = withImages && facts.ServerVersion is null ? lookups.ServerVersionAsync() : null;
        var domain = kind == KnownKinds.Route.GroupKind && settings.Routes.GeneratedHosts == GeneratedHostMode.Rewrite && facts.AppsDomain is null
            ? lookups.AppsDomainAsync()
            : null;
        var restore = restoreName is null ? null : lookups.RestoreAsync(settings.Velero.Namespace, restoreName);
        var secrets = accounts.Select(account => (Account: account, Task: lookups.DockercfgSecretAsync(ns, account))).ToArray();

        var warnings = new List<string>(facts.Warnings);
        var registryResult = await WaitAsync(registry, "image_config", request, cancellationToken).ConfigureAwait(false);
        var versionResult = await WaitAsync(version, "version", request, cancellationToken).ConfigureAwait(false);
        var domainResult = await WaitAsync(domain, "ingress_config", request, cancellationToken).ConfigureAwait(false);
        var restoreResult = await WaitAsync(restore, "restore", request, cancellationToken).ConfigureAwait(false);

        facts = facts with
        {
            DestinationRegistry = facts.DestinationRegistry ?? Value(registryResult, "destination registry", warnings),
            ServerVersion = facts.ServerVersion ?? Value(versionResult, "server version", warnings),
            AppsDomain = facts.AppsDomain ?? Value(domainResult, "apps domain", warnings),
            NamespaceMapping = Mapping(restoreResult, restoreName, settings, facts.NamespaceMapping, warnings),
            Restore = restoreResult?.State == LookupState.Found ? restoreResult.Value : null,
        };

        if (secrets.Length > 0)
        {
            var found = new Dictionary<string, string>(StringComparer.Ordinal);
            var failed = false;
            foreach (var (account, task) in secrets)
            {
                var result = await WaitAsync(task, "serviceaccount", request, cancellationToken).ConfigureAwait(false);
                if (result!.State == LookupState.Failed)
                {
                    failed = true;
                    warnings.Add($"restore-mutator: serviceaccount {ns}/{account} lookup failed ({result.Reason}); pull secrets kept");
                }
                else if (result.Value is { } secret)
                {
                    found[account] = secret;
                }
            }

            // K4: a failed lookup skips the rename rules for this object (fact absent) instead of half-renaming it.
            facts = facts with { DockercfgSecrets = failed ? null : found };
        }

        return warnings.Count == facts.Warnings.Count ? facts : facts with { Warnings = warnings };
    }

    /// <summary>The same scope test as the pipeline (S1, S2): no lookups for requests that no rule will read.</summary>
    private static bool InScope(AdmissionRequest request, ConfigSnapshot config) =>
        request.Operation is AdmissionOperation.Create or AdmissionOperation.Update
        && request.SubResource.Length == 0
        && config.Pipeline.HandledKinds.Contains(request.Kind.GroupKind)
        && RestoreLabelValue(request, config.Settings) is not null;

    /// <summary>The value of the first configured restore label the object carries: Velero's (normalised) Restore name.</summary>
    private static string? RestoreLabelValue(AdmissionRequest request, RestoreMutatorSettings settings)
    {
        foreach (var label in settings.RestoreLabels)
        {
            if (request.Object.GetLabel(label) is { Length: > 0 } value)
            {
                return value;
            }
        }

        return null;
    }

    private async Task<LookupResult<T>?> WaitAsync<T>(Task<LookupResult<T>>? task, string target, AdmissionRequest request, CancellationToken cancellationToken)
        where T : class
    {
        if (task is null)
        {
            return null;
        }

        try
        {
            return await task.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // The shared call goes on and is cached for the next request; this one proceeds without the fact.
            metrics.CountFailure(target, "deadline");
            LookupLog.PastDeadline(logger, target, request.Uid);
            return LookupResults.Failed<T>("deadline", TimeSpan.Zero);
        }
    }

    private static string? Value(LookupResult<string>? result, string what, List<string> warnings)
    {
        if (result?.State == LookupState.Failed)
        {
            warnings.Add($"restore-mutator: {what} lookup failed ({result.Reason})");
        }

        return result?.Value;
    }

    /// <summary>
    /// K1: the Restore's <c>spec.namespaceMapping</c> merged over the configured mapping, the Restore
    /// winning per source namespace; the configured mapping alone when the Restore cannot be read.
    /// </summary>
    private static IReadOnlyDictionary<string, string> Mapping(
        LookupResult<RestoreFacts>? result, string? restoreName, RestoreMutatorSettings settings,
        IReadOnlyDictionary<string, string> configured, List<string> warnings)
    {
        switch (result?.State)
        {
            case null:
                return configured;
            case LookupState.Missing:
                warnings.Add($"restore-mutator: Restore {restoreName} not found in {settings.Velero.Namespace}; using configured namespaceMapping");
                return configured;
            case LookupState.Failed:
                warnings.Add($"restore-mutator: Restore {restoreName} lookup failed ({result.Reason}); using configured namespaceMapping");
                return configured;
        }

        var fromRestore = result.Value!.NamespaceMapping;
        if (fromRestore.Count == 0)
        {
            return configured;
        }

        var merged = new Dictionary<string, string>(configured, StringComparer.Ordinal);
        foreach (var (source, target) in fromRestore)
        {
            merged[source] = target;
        }

        return merged;
    }
}
