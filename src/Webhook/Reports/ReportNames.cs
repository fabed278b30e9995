using System.Security.Cryptography;
using System.Text;
using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Webhook.Reports;

/// <summary>
/// The name of a replica's report ConfigMap and Event: <c>restore-mutator-report-&lt;restore&gt;-&lt;replica&gt;</c>
/// (SPEC X2). A restore label value is at most 63 characters and a Deployment pod's suffix 5, so
/// the name (at most 92) is nearly always that. A label value may hold upper case and <c>_</c>,
/// and a HOSTNAME anything, which a resource name may not: then the name is the cleaned text cut
/// to 200 characters plus 10 hex digits of SHA-256 of the exact one, still one per restore and
/// replica. The ConfigMap is found by its label, never by its name.
/// </summary>
internal static class ReportNames
{
    public const string Prefix = "restore-mutator-report-";

    /// <summary>The label naming the restore a report is for.</summary>
    public const string ReportForLabel = "restore-mutator.io/report-for";

    public const string ManagedByLabel = "app.kubernetes.io/managed-by";

    public const string ManagedByValue = "restore-mutator";

    private const int MaxCleanedLength = 200;

    public static string For(string restore, string replica)
    {
        ArgumentNullException.ThrowIfNull(restore);
        ArgumentNullException.ThrowIfNull(replica);
        var exact = $"{Prefix}{restore}-{replica}";
        if (KubernetesNames.IsDnsSubdomain(exact))
        {
            return exact;
        }

        var cleaned = new StringBuilder(exact.Length);
        foreach (var c in exact.ToLowerInvariant())
        {
            cleaned.Append(char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c) || c is '-' or '.' ? c : '-');
        }

        var text = cleaned.ToString(0, Math.Min(cleaned.Length, MaxCleanedLength)).TrimEnd('-', '.');
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(exact)))[..10];
        return $"{text}-{hash}";
    }
}
