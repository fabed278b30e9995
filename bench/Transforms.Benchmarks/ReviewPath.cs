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
