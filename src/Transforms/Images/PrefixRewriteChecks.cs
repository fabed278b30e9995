using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Images;

/// <summary>
/// Configuration checks for <c>registry.rewrites</c> beyond syntax. A <c>from</c> must start with a
/// registry host, or it would silently mean Docker Hub; and no rewrite may produce a reference that
/// a rewrite matches again, or a second pass over the webhook's own output would change it again
/// (SPEC S3) and every later UPDATE of the object would move it further.
/// </summary>
internal static class PrefixRewriteChecks
{
    /// <summary>Every problem, as (key relative to <c>registry</c>, message).</summary>
    public static IReadOnlyList<(string Key, string Message)> Find(IReadOnlyList<PrefixRewrite> rewrites)
    {
        ArgumentNullException.ThrowIfNull(rewrites);
        var problems = new List<(string, string)>();
        for (var i = 0; i < rewrites.Count; i++)
        {
            var from = rewrites[i].From;
            var slash = from.IndexOf('/', StringComparison.Ordinal);
            if (!ImageReference.IsRegistryHost(slash < 0 ? from : from[..slash]))
            {
                problems.Add(($"rewrites[{i}].from",
                    $"'{from}' does not start with a registry host (needs '.', ':' or localhost); for Docker Hub write docker.io/{from}"));
            }
        }

        for (var i = 0; i < rewrites.Count; i++)
        {
            var to = RepositoryPrefix.Normalize(rewrites[i].To);
            if (to == RepositoryPrefix.Normalize(rewrites[i].From))
            {
                continue;
            }

            for (var j = 0; j < rewrites.Count; j++)
            {
                var from = RepositoryPrefix.Normalize(rewrites[j].From);
                if (from != RepositoryPrefix.Normalize(rewrites[j].To)
                    && (RepositoryPrefix.IsUnder(to, from) || RepositoryPrefix.IsUnder(from, to)))
                {
                    problems.Add(($"rewrites[{i}].to",
                        $"'{rewrites[i].To}' overlaps rewrites[{j}].from '{rewrites[j].From}': a second pass would rewrite its results again"));
                }
            }
        }

        return problems;
    }
}
