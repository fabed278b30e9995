using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>
/// SPEC T2: replaces a host's domain suffix on a label boundary. A host equal to <c>from</c> or
/// ending in <c>.from</c> gets that part replaced by <c>to</c>; <c>apps.old.example.com.evil.io</c>
/// and <c>xapps.old.example.com</c> do not match <c>apps.old.example.com</c>. The longest matching
/// suffix wins. A host already under some <c>to</c> at least as long as the best <c>from</c> counts as
/// rewritten and is left alone, so a second pass changes nothing even when a <c>to</c> lies inside a
/// <c>from</c> (<c>example.com</c> to <c>apps.example.com</c>) or rewrites chain (S3).
/// Hosts are DNS names, compared without regard to case.
/// </summary>
internal sealed class DomainSuffixRewriter
{
    private readonly IReadOnlyList<PrefixRewrite> _rewrites;

    public DomainSuffixRewriter(IReadOnlyList<PrefixRewrite> rewrites) => _rewrites = rewrites;

    /// <summary>Whether any rewrite is configured.</summary>
    public bool IsEmpty => _rewrites.Count == 0;

    /// <summary>The rewritten host, or null when <paramref name="host"/> stays as it is.</summary>
    public string? Rewrite(string host)
    {
        PrefixRewrite? best = null;
        var longestTarget = -1;
        foreach (var rewrite in _rewrites)
        {
            if (IsUnder(host, rewrite.From) && rewrite.From.Length > (best?.From.Length ?? -1))
            {
                best = rewrite;
            }

            if (IsUnder(host, rewrite.To))
            {
                longestTarget = Math.Max(longestTarget, rewrite.To.Length);
            }
        }

        if (best is null || longestTarget >= best.From.Length)
        {
            return null;
        }

        var rewritten = host[..^best.From.Length] + best.To;
        return string.Equals(rewritten, host, StringComparison.Ordinal) ? null : rewritten;
    }

    /// <summary>Whether <paramref name="host"/> is <paramref name="domain"/> or a name under it.</summary>
    public static bool IsUnder(string host, string domain) =>
        domain.Length > 0
        && host.EndsWith(domain, StringComparison.OrdinalIgnoreCase)
        && (host.Length == domain.Length || host[host.Length - domain.Length - 1] == '.');
}
