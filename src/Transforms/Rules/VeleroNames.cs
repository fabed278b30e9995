using System.Security.Cryptography;
using System.Text;

namespace RestoreMutator.Transforms.Rules;

/// <summary>Velero's label value normalisation (used by the webhook, K1, and the report command, X3) (<c>pkg/label/label.go</c>, <c>GetValidName</c>).</summary>
public static class VeleroNames
{
    /// <summary>DNS-1035 label length limit that Velero applies to label values.</summary>
    public const int MaxLabelLength = 63;

    /// <summary>
    /// A name as Velero writes it into a label: unchanged up to 63 characters, else the first 57
    /// characters and the first 6 hex digits of SHA-256 of the whole name.
    /// </summary>
    public static string GetValidName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        if (name.Length <= MaxLabelLength)
        {
            return name;
        }

        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(name)));
        return string.Concat(name.AsSpan(0, 57), hash.AsSpan(0, 6));
    }
}
