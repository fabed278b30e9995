using Microsoft.Extensions.Logging;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Facts from the cluster composed with the configuration (SPEC K1-K4). Configured values win over
/// discovered ones. Only what the request's plan asks for is looked up (the rules declare it, see
/// <see cref="FactRequirements"/>). All calls of one request run in parallel; the request waits for
/// them no longer than its own deadline, and a lookup that fails only drops its fact, with a warning.
/// </summary>
public sealed class LookupClusterFactsSource(ClusterLookups lookups, LookupMetrics metrics, ILogger<LookupClusterFactsSource> logger) : IClusterFactsSource
{
    public async ValueTask<ClusterFacts> GetAsync(RequestPlan plan, ConfigSnapshot config, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(plan);
        ArgumentNullException.ThrowIfNull(config);
        var settings = config.Settings;
        if (settings.Lookups == LookupMode.Off || plan.Facts.IsEmpty)
        {
            return plan.StaticFacts;
        }

        var request = plan.Request;
        var restoreName = plan.Facts.Restore ? plan.RestoreName : null;
        var restore = restoreName is null ? null : lookups.RestoreAsync(settings.Velero.Namespace, restoreName);
        LookupResult<RestoreFacts>? restoreResult = null;
        if (plan.AwaitsRestore && restore is not null)
        {
            // X1: the Restore's annotation may choose a profile, whose rules decide what else to
            // read; the Restore is cached, so only the first object of a restore waits for it.
            restoreResult = await WaitAsync(restore, "restore", request, cancellationToken).ConfigureAwait(false);
            plan = plan.Resolve(restoreResult?.State == LookupState.Found ? restoreResult.Value : null);
        }

        var facts = plan.StaticFacts;
        var needs = plan.Facts;
        var ns = plan.Namespace;
        var accounts = ns.Length == 0 ? [] : needs.ServiceAccounts.Order(StringComparer.Ordinal).ToArray();

        // Start everything first, then wait: the calls overlap.
        var registry = needs.DestinationRegistry ? lookups.DestinationRegistryAsync() : null;
        var version = needs.ServerVersion ? lookups.ServerVersionAsync() : null;
        var domain = needs.AppsDomain ? lookups.AppsDomainAsync() : null;
        var secrets = accounts.Select(account => (Account: account, Task: lookups.DockercfgSecretAsync(ns, account))).ToArray();

        var warnings = new List<string>(facts.Warnings);
        var registryResult = await WaitAsync(registry, "image_config", request, cancellationToken).ConfigureAwait(false);
        var versionResult = await WaitAsync(version, "version", request, cancellationToken).ConfigureAwait(false);
        var domainResult = await WaitAsync(domain, "ingress_config", request, cancellationToken).ConfigureAwait(false);
        restoreResult ??= await WaitAsync(restore, "restore", request, cancellationToken).ConfigureAwait(false);

        facts = facts with
        {
            DestinationRegistry = facts.DestinationRegistry ?? Value(registryResult, "destination registry", warnings),
            ServerVersion = facts.ServerVersion ?? Value(versionResult, "server version", warnings),
            AppsDomain = facts.AppsDomain ?? Value(domainResult, "apps domain", warnings),
            NamespaceMapping = Mapping(restoreResult, restoreName, settings.Velero.Namespace, facts.NamespaceMapping, warnings),
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
        LookupResult<RestoreFacts>? result, string? restoreName, string veleroNamespace,
        IReadOnlyDictionary<string, string> configured, List<string> warnings)
    {
        switch (result?.State)
        {
            case null:
                return configured;
            case LookupState.Missing:
                warnings.Add($"restore-mutator: Restore {restoreName} not found in {veleroNamespace}; using configured namespaceMapping");
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
