using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// The work the webhook does per review, without the network: parse the body, read the envelope,
/// run the rules, write the answer, exactly as <c>AdmissionHandler</c> does it. The baseline only
/// parses and answers "allowed": what any webhook must pay, so the ratio is the rules' cost.
/// </summary>
[MemoryDiagnoser]
public class AdmissionPathBenchmarks
{
    private byte[] _review = [];
    private MutationPipeline _pipeline = null!;
    private ClusterFacts _facts = ClusterFacts.None;
    private JsonDocument? _parsed;

    [ParamsSource(nameof(Samples))]
    public string Sample { get; set; } = "pod-5k";

    public static IEnumerable<string> Samples => Benchmarks.Sample.Selected;

    [GlobalSetup]
    public void Setup()
    {
        var loaded = SettingsLoader.Load(Benchmarks.Sample.RulesConfigYaml);
        if (!loaded.Succeeded)
        {
            throw new InvalidOperationException("invalid Samples/config.yaml: " + string.Join("; ", loaded.Errors));
        }

        var settings = loaded.Settings!;
        Settings = settings;
        _pipeline = RuleCatalog.CreatePipeline(settings);

        // What the host resolves with lookups off (ConfigSnapshot.StaticFactsFrom), plus the server
        // version discovery would add.
        _facts = new ClusterFacts
        {
            DestinationRegistry = settings.Registry.Destination,
            AppsDomain = settings.Routes.DestinationDomain.Length > 0 ? settings.Routes.DestinationDomain : null,
            ServerVersion = "4.16",
            NamespaceMapping = settings.NamespaceMapping,
        };
        _review = Benchmarks.Sample.ReviewBytes(Sample);
        _parsed = JsonDocument.Parse(_review, AdmissionReviewParser.DocumentOptions);

        // A benchmark of a review the rules do not accept would measure an error path.
        var decision = Decide(_parsed);
        if (!decision.Allowed)
        {
            throw new InvalidOperationException($"{Sample}: expected an allowed answer, got {decision.Outcome}: {decision.Message}");
        }
    }

    /// <summary>The rules settings of Samples/config.yaml, once <see cref="Setup"/> ran.</summary>
    internal MutationSettings Settings { get; private set; } = null!;

    /// <summary>The pipeline, facts and review bytes <see cref="Setup"/> built (for <see cref="AllocationBreakdown"/>).</summary>
    internal (MutationPipeline Pipeline, ClusterFacts Facts, byte[] Review) Parts => (_pipeline, _facts, _review);

    [GlobalCleanup]
    public void Cleanup() => _parsed?.Dispose();

    /// <summary>Parse the review and answer allowed without looking at the object.</summary>
    [Benchmark(Baseline = true)]
    public int ParseAndAllow() => ReviewPath.Answer(_review, null, _facts);

    /// <summary>The whole path per review: parse, rules, answer with the patch.</summary>
    [Benchmark]
    public int FullPath() => ReviewPath.Answer(_review, _pipeline, _facts);

    /// <summary>Only the rules and the answer, on an already parsed review: what the rules themselves cost.</summary>
    [Benchmark]
    public int RulesAndWrite()
    {
        var review = ReviewPath.Envelope(_parsed!);
        return ReviewPath.Write(review, _pipeline.Run(review.Request, _facts));
    }

    private AdmissionDecision Decide(JsonDocument document) => _pipeline.Run(ReviewPath.Envelope(document).Request, _facts);
}
