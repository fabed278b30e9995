using System.Text;
using System.Text.Json;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The properties of image reference parsing and rewriting (SPEC R1, R2, S3). Input, as text:
/// line 1 the reference; line 2 the source registry of R1 (the object's
/// <c>openshift.io/backup-registry-hostname</c>; empty: none); further lines <c>FROM TO</c> pairs
/// for <c>registry.rewrites</c>, which go through the configuration loader like an operator's file
/// (rejected ones fall back to the fixed rewrites). Parsing never throws and keeps the text as
/// written; a rewrite of a valid reference is valid, keeps tag and digest (R1's <c>openshift</c>
/// digests aside), and a second pass leaves it alone (S3; for a source equal to the destination the
/// rule, not the rewriter, keeps it stable).
/// </summary>
public static class ImageProperties
{
    /// <summary>The destination registry of R1 (K2).</summary>
    public const string Destination = "image-registry.openshift-image-registry.svc:5000";

    /// <summary>The namespace mapping of R1 (K1); <c>team-a</c> to <c>team-b</c> to <c>team-c</c> is a chain, as a Velero restore may have.</summary>
    public static readonly IReadOnlyDictionary<string, string> NamespaceMapping = new Dictionary<string, string>(StringComparer.Ordinal)
    {
        ["shop-old"] = "shop",
        ["team-a"] = "team-b",
        ["team-b"] = "team-c",
    };

    private static readonly ImageRewriter FixedRewriter = new(FuzzConfiguration.Load(FuzzConfiguration.Everything).Registry);

    /// <summary>Checks one input in the format above.</summary>
    public static void Check(string input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var lines = input.Split('\n');
        var image = lines[0].TrimEnd('\r');
        var sourceHost = lines.Length > 1 ? lines[1].TrimEnd('\r') : string.Empty;
        var rewriter = lines.Length > 2 ? RewriterFor(lines.AsSpan(2)) ?? FixedRewriter : FixedRewriter;
        CheckParse(image);
        CheckRewrite(rewriter, image, null);
        if (sourceHost.Length > 0)
        {
            CheckRewrite(rewriter, image, new SourceRegistry(sourceHost, Destination, NamespaceMapping));
        }
    }

    /// <summary>Parsing never throws; a parsed reference is its own text, split into parts that put it back together.</summary>
    public static void CheckParse(string image)
    {
        if (!ImageReference.TryParse(image, out var reference))
        {
            return;
        }

        PropertyViolationException.Require(ReferenceEquals(reference.Text, image) || reference.Text == image, "R2: a parsed reference is not its own text");
        var rebuilt = (reference.Domain.Length > 0 ? reference.Domain + "/" : string.Empty) + reference.Path + reference.Suffix.ToString();
        PropertyViolationException.Require(rebuilt == image, $"R2: domain, path and suffix do not rebuild '{image}' (got '{rebuilt}')");
        var suffix = (reference.Tag is null ? string.Empty : ":" + reference.Tag) + (reference.Digest is null ? string.Empty : "@" + reference.Digest);
        PropertyViolationException.Require(suffix == reference.Suffix.ToString(), $"R2: tag and digest are not the suffix of '{image}'");
        PropertyViolationException.Require(ImageReference.TryParse(reference.NormalizedDomain + "/" + reference.NormalizedPath + suffix, out var normalized)
            && normalized.NormalizedDomain == reference.NormalizedDomain && normalized.NormalizedPath == reference.NormalizedPath,
            $"R2: the normalised form of '{image}' is not a reference with the same normalised name");
    }

    /// <summary>R1 then R2 on <paramref name="image"/>: valid in, valid out, tag and digest kept, stable on a second pass (S3).</summary>
    public static void CheckRewrite(ImageRewriter rewriter, string image, SourceRegistry? source)
    {
        ArgumentNullException.ThrowIfNull(rewriter);
        ArgumentNullException.ThrowIfNull(image);
        var rewritten = rewriter.Rewrite(image, source);
        if (rewritten is null)
        {
            return;
        }

        PropertyViolationException.Require(rewritten != image, "R2: a rewrite that changes nothing must be null (never re-spelled)");
        var valid = ImageReference.TryParse(image, out var original);
        PropertyViolationException.Require(valid, $"R5: '{image}' is not a valid reference but was rewritten to '{rewritten}'");
        if (valid)
        {
            PropertyViolationException.Require(ImageReference.TryParse(rewritten, out var result), $"R5: valid '{image}' was rewritten to invalid '{rewritten}'");
            PropertyViolationException.Require(result!.Tag == original!.Tag, $"R2: '{image}' lost its tag in '{rewritten}'");
            var droppedSharedDigest = source is { } registry && result.Digest is null
                && image.StartsWith(registry.Host + "/" + SourceRegistryRewrite.SharedImagesNamespace + "/", StringComparison.Ordinal);
            PropertyViolationException.Require(result.Digest == original.Digest || droppedSharedDigest, $"R2: '{image}' lost its digest in '{rewritten}'");
        }

        if (source is { } same && same.Host == same.Destination)
        {
            // Restored into the source cluster: R1 cannot tell a moved reference from one to move, so
            // stability comes from the rule keeping what the stored object has (the admission target checks it).
            return;
        }

        var again = rewriter.Rewrite(rewritten, source);
        PropertyViolationException.Require(again is null, $"S3: '{image}' -> '{rewritten}' -> '{again}' on a second pass");
    }

    /// <summary>The rewriter of <c>registry.rewrites</c> built from <c>FROM TO</c> lines, when the loader accepts them.</summary>
    private static ImageRewriter? RewriterFor(ReadOnlySpan<string> lines)
    {
        var yaml = new StringBuilder("registry:\n  destination: ").Append(Destination).Append("\n  rewrites:\n");
        var count = 0;
        foreach (var line in lines)
        {
            var pair = line.TrimEnd('\r');
            var space = pair.IndexOf(' ', StringComparison.Ordinal);
            if (space < 0 || count == 8)
            {
                continue;
            }

            yaml.Append("    - {from: ").Append(JsonSerializer.Serialize(pair[..space]))
                .Append(", to: ").Append(JsonSerializer.Serialize(pair[(space + 1)..])).Append("}\n");
            count++;
        }

        if (count == 0)
        {
            return null;
        }

        var result = SettingsLoader.Load(yaml.ToString());
        SettingsProperties.CheckResult(result);
        return result.Succeeded ? new ImageRewriter(result.Settings!.Registry) : null;
    }
}
