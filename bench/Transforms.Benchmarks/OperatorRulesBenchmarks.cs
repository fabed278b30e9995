using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// The cost of operator rules (SPEC U) on the admission path: the same reviews with the shipped
/// benchmark configuration alone (baseline) and with twenty rules added, three of which match
/// (Samples/operator-rules.yaml). The target is at most +25% on the full path.
/// </summary>
[MemoryDiagnoser]
public class OperatorRulesBenchmarks
{
    private byte[] _review = [];
    private MutationPipeline _withoutRules = null!;
    private MutationPipeline _withRules = null!;
    private ClusterFacts _facts = ClusterFacts.None;

    [Params("pod-5k", "deployment-10k", "deployment-1mib")]
    public string Sample { get; set; } = "pod-5k";

    [GlobalSetup]
    public void Setup()
    {
        var baseConfig = Benchmarks.Sample.ConfigYaml;
        var rules = File.ReadAllText(Path.Combine(Benchmarks.Sample.Directory, "operator-rules.yaml"));
        _withoutRules = ReviewPath.Pipeline(baseConfig);
        _withRules = ReviewPath.Pipeline(baseConfig + "\n" + rules);
        if (_withRules.OperatorRules.Count != 20)
        {
            throw new InvalidOperationException($"expected 20 operator rules, got {_withRules.OperatorRules.Count}");
        }

        _facts = _withoutRules.StaticFacts with { ServerVersion = "4.16" };
        _review = Benchmarks.Sample.ReviewBytes(Sample);

        // Both must answer with a patch, and the rules must change the sample (else this measures nothing).
        var without = ReviewPath.Decide(_review, _withoutRules, _facts);
        var with = ReviewPath.Decide(_review, _withRules, _facts);
        if (!without.Allowed || !with.Allowed || with.AppliedRules.Count == 0)
        {
            throw new InvalidOperationException($"{Sample}: unexpected answers {without.Outcome} / {with.Outcome} (rules: {string.Join(',', with.AppliedRules)})");
        }
    }

    [Benchmark(Baseline = true)]
    public int NoRules() => ReviewPath.Answer(_review, _withoutRules, _facts);

    [Benchmark]
    public int TwentyRules() => ReviewPath.Answer(_review, _withRules, _facts);
}
