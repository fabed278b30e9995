using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Images;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// Parsing the image references of a typical restore (R5): the regex-validated parser that was
/// about 45% of the rules' time (docs/performance.md) against the hand-written scanner, on the same
/// references in one run. Both parse all of them; each operation is the whole set.
/// </summary>
[MemoryDiagnoser]
public class ImageReferenceBenchmarks
{
    private const string Digest = "sha256:4c0ffee0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c";

    /// <summary>The shapes the benchmark samples and the fixtures carry: internal registry, mirrors, Docker Hub short names, digests.</summary>
    private static readonly string[] References =
    [
        "docker-registry.default.svc:5000/shop-old/web:1.4",
        "image-registry.openshift-image-registry.svc:5000/shop/worker@" + Digest,
        "docker-registry.default.svc:5000/openshift/nodejs:16@" + Digest,
        "quay.io/acme/team/app:v2.0-rc_1",
        "quay.io/acme/worker@" + Digest,
        "registry.access.redhat.com/ubi9/ubi:9.3",
        "nginx:1.25",
        "bitnami/redis:7.2",
        "busybox",
        "ghcr.io/acme/sidecar:2024.11.20",
    ];

    [Benchmark(Baseline = true)]
    public int RegexParser()
    {
        var valid = 0;
        foreach (var reference in References)
        {
            valid += RegexImageReferenceParser.TryParse(reference, out _, out _, out _, out _, out _) ? 1 : 0;
        }

        return valid;
    }

    [Benchmark]
    public int Scanner()
    {
        var valid = 0;
        foreach (var reference in References)
        {
            valid += ImageReference.TryParse(reference, out _) ? 1 : 0;
        }

        return valid;
    }
}
