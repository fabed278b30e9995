using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// The cost of the namespace-references family (SPEC N) on the admission path. Samples/config.yaml
/// maps <c>shop-old</c> to <c>shop</c>, so N1-N3 run on every review; N4 (service DNS names) is
/// opt-in and is turned on here by <c>namespaceRefs.serviceDns: true</c>. The samples are objects
/// of the renamed namespace that still name the old one: a RoleBinding (N1), a NetworkPolicy (N3),
/// an ImageStream (N2), a ConfigMap with service DNS names (N4) and a Deployment with an image
/// trigger annotation and DNS names in its env (N2, N4, plus the registry rewrite);
/// deployment-8img, which names no namespace, prices what N4's scan costs where it finds nothing.
/// <list type="bullet">
/// <item><c>ParseAndAllow</c> (baseline): parse, envelope and an allowed answer, as in <see cref="AdmissionPathBenchmarks"/>.</item>
/// <item><c>ServiceDnsOff</c>: the full path with Samples/config.yaml (N1-N3).</item>
/// <item><c>ServiceDnsOn</c>: the same with N4 on.</item>
/// </list>
/// </summary>
[MemoryDiagnoser]
public class NamespaceRefsBenchmarks
{
    private byte[] _review = [];
    private MutationPipeline _off = null!;
    private MutationPipeline _on = null!;
    private ClusterFacts _facts = ClusterFacts.None;

    [Params("rolebinding", "networkpolicy", "imagestream", "configmap-dns", "deployment-refs", "deployment-8img")]
    public string Sample { get; set; } = "rolebinding";

    [GlobalSetup]
    public void Setup()
    {
        var baseConfig = Benchmarks.Sample.ConfigYaml;
        _off = ReviewPath.Pipeline(baseConfig);
        _on = ReviewPath.Pipeline(baseConfig + "\nnamespaceRefs:\n  serviceDns: true\n");
        _facts = _off.StaticFacts with { ServerVersion = "4.16" };
        _review = Benchmarks.Sample.ReviewBytes(Sample);

        // Each reference sample must be changed by the family (else this measures nothing), and
        // the answers must be allowed.
        var off = ReviewPath.Decide(_review, _off, _facts);
        var on = ReviewPath.Decide(_review, _on, _facts);
        if (!off.Allowed || !on.Allowed)
        {
            throw new InvalidOperationException($"{Sample}: unexpected answers {off.Outcome} / {on.Outcome}");
        }

        var referencing = Sample != "deployment-8img";
        if (referencing != on.Families.Contains(Families.NamespaceRefs))
        {
            throw new InvalidOperationException($"{Sample}: families [{string.Join(',', on.Families)}]; the namespace-refs family {(referencing ? "should" : "should not")} change it");
        }
    }

    [Benchmark(Baseline = true)]
    public int ParseAndAllow() => ReviewPath.Answer(_review, null, _facts);

    [Benchmark]
    public int ServiceDnsOff() => ReviewPath.Answer(_review, _off, _facts);

    [Benchmark]
    public int ServiceDnsOn() => ReviewPath.Answer(_review, _on, _facts);
}
