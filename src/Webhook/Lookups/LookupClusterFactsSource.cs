using Microsoft.Extensions.Logging;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Facts from the cluster composed with the configuration (SPEC K1-K5). Configured values win over
/// discovered ones. Only what the request's plan asks for is looked up (the rules declare it, see
/// <see cref="FactRequirements"/>). All calls of one request run in parallel; the request waits for
/// them no longer than its own deadline, and a lookup that fails only drops its fact, with a warning.
/// </summary>
internal sealed class LookupClusterFactsSource(ClusterLookups lookups, LookupMetrics metrics, ILogger<LookupClusterFactsSource> logger) : IClusterFactsSource
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
        var nodes = needs.Nodes.Order(StringComparer.Ordinal).Select(node => (Name: node, Task: lookups.NodeAsync(node))).ToArray();
        var classes = needs.StorageClasses.Order(StringComparer.Ordinal).Select(name => (Name: name, Task: lookups.StorageClassAsync(name))).ToArray();

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

        if (nodes.Length > 0)
        {
            // K5: a node that could not be looked up gets no entry, so it counts as absent (V2, P5: the
            // selection is removed and the scheduler picks again), with the K4 warning.
            var existence = await ExistenceAsync(nodes, "node", request, cancellationToken).ConfigureAwait(false);
            foreach (var (node, reason) in existence.Failures)
            {
                warnings.Add($"restore-mutator: node {node} lookup failed ({reason}); treated as absent");
            }

            facts = facts with { Nodes = existence.Known };
        }

        if (classes.Length > 0)
        {
            // K5: a storage class that could not be looked up gets no entry, so V4 says nothing about it.
            var existence = await ExistenceAsync(classes, "storageclass", request, cancellationToken).ConfigureAwait(false);
            foreach (var (name, reason) in existence.Failures)
            {
                warnings.Add($"restore-mutator: storageclass {name} lookup failed ({reason})");
            }

            facts = facts with { StorageClasses = existence.Known };
        }

        return warnings.Count == facts.Warnings.Count ? facts : facts with { Warnings = warnings };
    }

    /// <summary>Name to existence for the lookups that answered; the names whose lookup failed, with the reason.</summary>
    private async Task<(Dictionary<string, bool> Known, List<(string Name, string Reason)> Failures)> ExistenceAsync(
        (string Name, Task<LookupResult<string>> Task)[] calls, string target, AdmissionRequest request, CancellationToken cancellationToken)
    {
        var known = new Dictionary<string, bool>(calls.Length, StringComparer.Ordinal);
        var failures = new List<(string, string)>();
        foreach (var (name, task) in calls)
        {
            var result = await WaitAsync(task, target, request, cancellationToken).ConfigureAwait(false);
            if (result!.State == LookupState.Failed)
            {
                failures.Add((name, result.Reason));
            }
            else
            {
                known[name] = result.State == LookupState.Found;
            }
        }

        return (known, failures);
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
