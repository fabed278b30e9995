using System.Text.RegularExpressions;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>Kubernetes name syntax (apimachinery validation), used to reject bad configuration early.</summary>
public static partial class KubernetesNames
{
    /// <summary>RFC 1123 label: namespaces, label name parts.</summary>
    public static bool IsDnsLabel(string value) => value.Length is > 0 and <= 63 && DnsLabel().IsMatch(value);

    /// <summary>RFC 1123 subdomain: node names, storage classes, hostnames.</summary>
    public static bool IsDnsSubdomain(string value) => value.Length is > 0 and <= 253 && DnsSubdomain().IsMatch(value);

    /// <summary>A qualified name (<c>[prefix/]name</c>), as used for label and annotation keys.</summary>
    public static bool IsQualifiedName(string value)
    {
        var slash = value.IndexOf('/', StringComparison.Ordinal);
        var name = slash < 0 ? value : value[(slash + 1)..];
        if (slash >= 0 && !IsDnsSubdomain(value[..slash]))
        {
            return false;
        }

        return name.Length is > 0 and <= 63 && QualifiedNamePart().IsMatch(name);
    }

    /// <summary>An image registry host with optional port, e.g. <c>image-registry.openshift-image-registry.svc:5000</c>.</summary>
    public static bool IsRegistryHost(string value) => value.Length is > 0 and <= 255 && RegistryHost().IsMatch(value);

    /// <summary>A registry host with an optional repository path prefix, e.g. <c>quay.io/acme</c>.</summary>
    public static bool IsRepositoryPrefix(string value) => value.Length is > 0 and <= 255 && RepositoryPrefix().IsMatch(value);

    /// <summary>
    /// A glob (<c>*</c>, <c>?</c>) that can match a label value (a restore name as Velero writes it
    /// into the restore label): label value characters and wildcards only, at most 253 characters.
    /// </summary>
    public static bool IsLabelValueGlob(string value) => value.Length is > 0 and <= 253 && LabelValueGlob().IsMatch(value);

    /// <summary>A label value: empty, or at most 63 characters of <c>[A-Za-z0-9._-]</c> starting and ending alphanumeric.</summary>
    public static bool IsLabelValue(string value) => value.Length <= 63 && LabelValue().IsMatch(value);

    [GeneratedRegex(@"^[A-Za-z0-9._*?-]+$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValueGlob();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?)?$", RegexOptions.CultureInvariant)]
    private static partial Regex LabelValue();

    [GeneratedRegex("^[a-z0-9]([-a-z0-9]*[a-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsLabel();

    [GeneratedRegex(@"^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$", RegexOptions.CultureInvariant)]
    private static partial Regex DnsSubdomain();

    [GeneratedRegex(@"^[A-Za-z0-9]([-A-Za-z0-9_.]*[A-Za-z0-9])?$", RegexOptions.CultureInvariant)]
    private static partial Regex QualifiedNamePart();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?$", RegexOptions.CultureInvariant)]
    private static partial Regex RegistryHost();

    [GeneratedRegex(@"^([A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)(\.[A-Za-z0-9]([-A-Za-z0-9]*[A-Za-z0-9])?)*(:[0-9]{1,5})?(/[a-z0-9]+([._-]+[a-z0-9]+)*)*$", RegexOptions.CultureInvariant)]
    private static partial Regex RepositoryPrefix();
}
