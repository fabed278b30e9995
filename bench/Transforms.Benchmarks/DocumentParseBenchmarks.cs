using System.Text.Json;
using BenchmarkDotNet.Attributes;
using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// What parsing the review costs with the webhook's reader options against the defaults: the
/// duplicate-key check (AllowDuplicateProperties = false) is the one option with a price.
/// </summary>
[MemoryDiagnoser]
public class DocumentParseBenchmarks
{
    private static readonly JsonDocumentOptions Defaults = new() { MaxDepth = 64 };
    private byte[] _review = [];

    [Params("pod-5k", "deployment-10k", "deployment-1mib")]
    public string Sample { get; set; } = "pod-5k";

    [GlobalSetup]
    public void Setup() => _review = Benchmarks.Sample.ReviewBytes(Sample);

    [Benchmark(Baseline = true)]
    public int ParseDuplicatesAllowed()
    {
        using var document = JsonDocument.Parse(_review, Defaults);
        return document.RootElement.GetPropertyCount();
    }

    [Benchmark]
    public int ParseWebhookOptions()
    {
        using var document = JsonDocument.Parse(_review, AdmissionReviewParser.DocumentOptions);
        return document.RootElement.GetPropertyCount();
    }
}
