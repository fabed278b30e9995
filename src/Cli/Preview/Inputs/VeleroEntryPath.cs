namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>
/// The meaning of a file name inside a Velero backup tarball. Velero writes every object at
/// <c>resources/&lt;resource&gt;/namespaces/&lt;ns&gt;/&lt;name&gt;.json</c> (cluster-scoped:
/// <c>resources/&lt;resource&gt;/cluster/&lt;name&gt;.json</c>) in its preferred API version, and
/// since format 1.1.0 (Velero 1.4) a second time under <c>&lt;version&gt;-preferredversion/</c>;
/// with the EnableAPIGroupVersions feature, other versions go under <c>&lt;version&gt;/</c>.
/// </summary>
internal sealed record VeleroEntryPath(string Resource, string Namespace, string Name, bool Preferred)
{
    /// <summary>Identifies the object across its copies: resource, namespace and name.</summary>
    public string Key => $"{Resource}/{Namespace}/{Name}";

    /// <summary>Parses an entry name; null for anything that is not an object file (metadata, directories).</summary>
    public static VeleroEntryPath? Parse(string entryName)
    {
        ArgumentNullException.ThrowIfNull(entryName);
        var name = entryName.StartsWith("./", StringComparison.Ordinal) ? entryName[2..] : entryName;
        if (!name.StartsWith("resources/", StringComparison.Ordinal) || !name.EndsWith(".json", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = name.Split('/');
        var preferred = true;
        var rest = 2;
        if (parts.Length > 2 && parts[2] is not ("namespaces" or "cluster"))
        {
            // A version directory: "v1-preferredversion" is the preferred copy, "v1beta1" another version.
            preferred = parts[2].EndsWith("-preferredversion", StringComparison.Ordinal);
            rest = 3;
        }

        var resource = parts[1];
        var tail = parts.AsSpan(rest);
        return tail switch
        {
            ["namespaces", var ns, var file] when ns.Length > 0 && file.Length > 5 => new(resource, ns, file[..^5], preferred),
            ["cluster", var file] when file.Length > 5 => new(resource, string.Empty, file[..^5], preferred),
            _ => null,
        };
    }
}
