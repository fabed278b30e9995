using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// What <c>AdmissionHandler</c> does with a review body, without the network, in the pieces the
/// benchmarks time: parse with the handler's options, read the envelope, run a pipeline, write the
/// answer into a pooled buffer.
/// </summary>
internal static class ReviewPath
{
    /// <summary>Parse, envelope, the pipeline's decision (allowed without rules when null) and its answer; the answer's length.</summary>
    public static int Answer(byte[] review, MutationPipeline? pipeline, ClusterFacts facts)
    {
        using var document = JsonDocument.Parse(review, AdmissionReviewParser.DocumentOptions);
        var parsed = Envelope(document);
        return Write(parsed, pipeline is null ? AdmissionDecision.Allow() : pipeline.Run(parsed.Request, facts));
    }

    /// <summary>The stages of <see cref="RunStaged"/>, in order, as the breakdowns print them.</summary>
    public static readonly string[] Stages =
        ["1 parse (JsonDocument)", "2 envelope (AdmissionReviewParser)", "3 plan", "4 rules (MutationPipeline.Run)", "5 answer (AdmissionResponseWriter)"];

    /// <summary>
    /// The full path once, split where <see cref="Stages"/> split it: <paramref name="ended"/> is
    /// called with a stage's index as it ends (the caller reads its clock or allocation counter).
    /// </summary>
    public static void RunStaged(byte[] review, MutationPipeline pipeline, ClusterFacts facts, Action<int> ended)
    {
        using var document = JsonDocument.Parse(review, AdmissionReviewParser.DocumentOptions);
        ended(0);
        var parsed = Envelope(document);
        ended(1);
        var plan = pipeline.Plan(parsed.Request);
        ended(2);
        var decision = pipeline.Run(plan, facts);
        ended(3);
        Write(parsed, decision);
        ended(4);
    }

    /// <summary>
    /// Runs <paramref name="measure"/> on each named sample (the Deployment and the pod when none
    /// is named), set up as <see cref="AdmissionPathBenchmarks"/> sets it up: the prologue of the
    /// breakdowns (<see cref="StageTimes"/>, <see cref="AllocationBreakdown"/>).
    /// </summary>
    public static void ForEachSample(IReadOnlyList<string> samples, Action<string, AdmissionPathBenchmarks> measure)
    {
        foreach (var name in samples.Count > 0 ? samples : ["deployment-8img", "pod-5k"])
        {
            var bench = new AdmissionPathBenchmarks { Sample = name };
            bench.Setup();
            try
            {
                measure(name, bench);
            }
            finally
            {
                bench.Cleanup();
            }
        }
    }

    /// <summary>The decision of <paramref name="pipeline"/> on <paramref name="review"/> (for the benchmarks' checks).</summary>
    public static AdmissionDecision Decide(byte[] review, MutationPipeline pipeline, ClusterFacts facts)
    {
        using var document = JsonDocument.Parse(review, AdmissionReviewParser.DocumentOptions);
        return pipeline.Run(Envelope(document).Request, facts);
    }

    /// <summary>The envelope of a parsed review; a sample that is no valid review is a bug of the benchmark.</summary>
    public static AdmissionReview Envelope(JsonDocument document) =>
        AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error)
            ? review
            : throw new InvalidOperationException(error);

    /// <summary>Writes the answer the way AdmissionHandler.WriteAsync does, into a pooled buffer; its length.</summary>
    public static int Write(AdmissionReview review, AdmissionDecision decision)
    {
        using var buffer = new Buffers.PooledBufferWriter();
        AdmissionResponseWriter.Write(buffer, review.ApiVersion, review.Request.Uid, decision);
        return buffer.WrittenCount;
    }

    /// <summary>The pipeline of a benchmark configuration (the webhook's own keys are ignored, as the host reads them).</summary>
    public static MutationPipeline Pipeline(string yaml)
    {
        var loaded = SettingsLoader.Load(yaml, root => root.Ignore("server", "velero", "lookups"));
        return loaded.Succeeded
            ? RuleCatalog.CreatePipeline(loaded.Settings!)
            : throw new InvalidOperationException("invalid benchmark configuration: " + string.Join("; ", loaded.Errors));
    }
}
