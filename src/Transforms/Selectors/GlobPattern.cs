namespace RestoreMutator.Transforms.Selectors;

/// <summary>
/// The glob matching Velero applies to included/excluded namespace and resource names
/// (<c>pkg/util/collections/includes_excludes.go</c>, gobwas/glob without separators): <c>*</c>
/// matches any run of characters, <c>?</c> one character, everything else itself. Character
/// classes and alternatives (<c>[a-z]</c>, <c>{a,b}</c>) cannot occur in namespace or resource
/// names, so they are compared literally.
/// </summary>
internal static class GlobPattern
{
    public static bool Matches(string pattern, string text)
    {
        ArgumentNullException.ThrowIfNull(pattern);
        ArgumentNullException.ThrowIfNull(text);
        int p = 0, t = 0, star = -1, resume = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || pattern[p] == text[t]))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                resume = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++resume;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }
}
