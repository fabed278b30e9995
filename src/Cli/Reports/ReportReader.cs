using k8s;
using k8s.Autorest;
using RestoreMutator.Transforms.Reports;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Cli.Reports;

/// <summary>Lists a restore's report ConfigMaps (label <c>restore-mutator.io/report-for</c>) and merges them (SPEC X3).</summary>
internal static class ReportReader
{
    public const string ReportForLabel = "restore-mutator.io/report-for";

    /// <summary>
    /// The merged report of <paramref name="restore"/> in <paramref name="ns"/>; null when no replica
    /// wrote one. Throws <see cref="InvalidDataException"/> with one line when the API cannot be read.
    /// </summary>
    public static async Task<MergedReport?> ReadAsync(IKubernetes api, string ns, string restore, CancellationToken cancellationToken)
    {
        // The webhook labels the report with the restore label's value: Velero's name, hashed beyond 63 characters.
        var labelValue = VeleroNames.GetValidName(restore);
        k8s.Models.V1ConfigMapList list;
        try
        {
            list = await api.CoreV1.ListNamespacedConfigMapAsync(ns, labelSelector: $"{ReportForLabel}={labelValue}", cancellationToken: cancellationToken).ConfigureAwait(false);
        }
        catch (HttpOperationException e)
        {
            var status = (int)(e.Response?.StatusCode ?? 0);
            var why = status switch
            {
                401 => "401 Unauthorized: the credentials were not accepted",
                403 => $"403 Forbidden: your credentials may not list ConfigMaps in namespace {ns}",
                404 => $"404: namespace {ns} does not exist",
                _ => $"HTTP {status} from the API server",
            };
            throw new InvalidDataException($"cannot list report ConfigMaps in {ns}: {why}", e);
        }
        catch (HttpRequestException e)
        {
            throw new InvalidDataException($"cannot reach the API server: {e.Message}", e);
        }
        catch (TaskCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            throw new InvalidDataException($"the API server did not answer within {ClusterAccess.Timeout.TotalSeconds:0} s", e);
        }

        var items = list.Items?.Where(item => item?.Metadata?.Name is not null).OrderBy(item => item.Metadata.Name, StringComparer.Ordinal).ToList() ?? [];
        if (items.Count == 0)
        {
            return null;
        }

        var merged = new MergedReport(new RestoreSummary(labelValue));
        foreach (var item in items)
        {
            var data = item.Data;
            merged.Add(item.Metadata.Name, Value(data, "summary.json"), Value(data, "objects.jsonl"));
        }

        return merged;
    }

    private static string? Value(IDictionary<string, string>? data, string key) => data is not null && data.TryGetValue(key, out var value) ? value : null;
}
