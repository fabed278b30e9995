using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
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
        _withoutRules = Pipeline(baseConfig);
        _withRules = Pipeline(baseConfig + "\n" + rules);
        if (_withRules.OperatorRules.Count != 20)
        {
            throw new InvalidOperationException($"expected 20 operator rules, got {_withRules.OperatorRules.Count}");
        }

        _facts = _withoutRules.StaticFacts with { ServerVersion = "4.16" };
        _review = Benchmarks.Sample.ReviewBytes(Sample);

        // Both must answer with a patch, and the rules must change the sample (else this measures nothing).
        var without = Run(_withoutRules);
        var with = Run(_withRules);
        if (!without.Allowed || !with.Allowed || with.AppliedRules.Count == 0)
        {
            throw new InvalidOperationException($"{Sample}: unexpected answers {without.Outcome} / {with.Outcome} (rules: {string.Join(',', with.AppliedRules)})");
        }
    }

    [Benchmark(Baseline = true)]
    public int NoRules() => Write(_withoutRules);

    [Benchmark]
    public int TwentyRules() => Write(_withRules);

    private AdmissionDecision Run(MutationPipeline pipeline)
    {
        using var document = JsonDocument.Parse(_review, AdmissionReviewParser.DocumentOptions);
        if (!AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error))
        {
            throw new InvalidOperationException(error);
        }

        return pipeline.Run(review.Request, _facts);
    }

    /// <summary>Parse, rules and the answer, as AdmissionHandler does it.</summary>
    private int Write(MutationPipeline pipeline)
    {
        using var document = JsonDocument.Parse(_review, AdmissionReviewParser.DocumentOptions);
        if (!AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error))
        {
            throw new InvalidOperationException(error);
        }

        var decision = pipeline.Run(review.Request, _facts);
        using var buffer = new Buffers.PooledBufferWriter();
        AdmissionResponseWriter.Write(buffer, review.ApiVersion, review.Request.Uid, decision);

        return buffer.WrittenCount;
    }

    private static MutationPipeline Pipeline(string yaml)
    {
        var loaded = SettingsLoader.Load(yaml, root => root.Ignore("server", "velero", "lookups"));
        return loaded.Succeeded
            ? RuleCatalog.CreatePipeline(loaded.Settings!)
            : throw new InvalidOperationException("invalid benchmark configuration: " + string.Join("; ", loaded.Errors));
    }
}
