using System.Buffers;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Unicode;
using RestoreMutator.Tests.Common;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The properties of the AdmissionReview body path, from bytes to answer. A body is either refused
/// the way <c>AdmissionHandler</c> refuses it before the pipeline (empty, not UTF-8, a lone surrogate escape, not JSON by
/// <see cref="AdmissionReviewParser.DocumentOptions"/>, not a review: a 400 with a one-line reason),
/// or answered with a review that echoes the uid (A1, A2, A5, A6), whose patch applies to the object
/// (checked with the independent oracle) and leaves nothing for a second pass (S3), and that keeps
/// the scope and safety rules (S1, S2, S4-S7). Any violation throws.
/// </summary>
public sealed class AdmissionProperties
{
    private static readonly JsonDocumentOptions StrictJson = new() { AllowDuplicateProperties = false, MaxDepth = 128 };

    private readonly MutationPipeline _pipeline;
    private readonly ClusterFacts _facts;

    public AdmissionProperties(MutationPipeline pipeline, ClusterFacts facts)
    {
        _pipeline = pipeline ?? throw new ArgumentNullException(nameof(pipeline));
        _facts = facts ?? throw new ArgumentNullException(nameof(facts));
    }

    /// <summary>The admission target's pipelines (<see cref="FuzzConfiguration"/>), built once.</summary>
    public static IReadOnlyList<AdmissionProperties> Fixed { get; } = CreateFixed();

    /// <summary>Checks <paramref name="body"/> under every fixed configuration; true when it was answered (not refused).</summary>
    public static bool CheckUnderFixedConfigurations(ReadOnlyMemory<byte> body)
    {
        var answered = false;
        foreach (var properties in Fixed)
        {
            answered = properties.CheckBody(body);
        }

        return answered;
    }

    /// <summary>Checks one request body; true when it was answered, false when refused (as the handler's 400).</summary>
    public bool CheckBody(ReadOnlyMemory<byte> body)
    {
        if (body.IsEmpty)
        {
            return false;
        }

        // As the handler: a UTF-8 byte order mark is dropped, invalid UTF-8 refused up front.
        var json = body.Span.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]) ? body[3..] : body;
        if (!Utf8.IsValid(json.Span))
        {
            return false;
        }

        if (JsonEscapes.HasLoneSurrogate(json.Span))
        {
            return false;
        }

        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json, AdmissionReviewParser.DocumentOptions);
        }
        catch (JsonException)
        {
            return false;
        }

        using (document)
        {
            if (!AdmissionReviewParser.TryParse(document.RootElement, out var review, out var error))
            {
                // A3: the reason is one short line the API server can show in the restore error.
                PropertyViolationException.Require(SafeLine.IsSafe(error, 300), $"A3: refusal reason is not one short printable line: '{error}'");
                return false;
            }

            CheckRequest(review.ApiVersion, review.Request);
            return true;
        }
    }

    /// <summary>Runs <paramref name="request"/> as the handler does and checks the answer and what follows from it.</summary>
    public void CheckRequest(string apiVersion, AdmissionRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var decision = Decide(request);
        var answer = Write(apiVersion, request.Uid, decision);
        CheckAnswer(answer, apiVersion, request, decision);
        CheckScope(request, decision);

        // S4: a dry run gets the same answer (and the pipeline is deterministic).
        var dryRun = Write(apiVersion, request.Uid, Decide(With(request, request.Operation, request.Object, request.OldObject, !request.DryRun)));
        PropertyViolationException.Require(answer.AsSpan().SequenceEqual(dryRun), "S4: the answer changes with dryRun");

        if (decision.Operations.Count == 0)
        {
            return;
        }

        var patch = JsonNode.Parse(PatchOperation.Serialize(decision.Operations))!.AsArray();
        JsonNode patched;
        try
        {
            patched = JsonPatchOracle.Apply(JsonNode.Parse(request.Object.GetRawText())!, patch);
        }
        catch (InvalidOperationException e)
        {
            throw new PropertyViolationException($"A2: the patch does not apply to the object: {e.Message}; patch {patch.ToJsonString()}", e);
        }

        CheckSafety(request, decision, patch, patched);
        CheckSecondPass(request, patched);
    }

    private static List<AdmissionProperties> CreateFixed()
    {
        var everything = FuzzConfiguration.Load(FuzzConfiguration.Everything);
        var other = FuzzConfiguration.Load(FuzzConfiguration.OtherModes);
        return
        [
            new AdmissionProperties(RuleCatalog.CreatePipeline(everything), FuzzConfiguration.EverythingFacts(everything)),
            new AdmissionProperties(RuleCatalog.CreatePipeline(other), ClusterFacts.None),
        ];
    }

    /// <summary>As the handler: plan, then the facts a lookup would give (all known here), then run. Exceptions escape: they would be a 500 (A4).</summary>
    private AdmissionDecision Decide(AdmissionRequest request)
    {
        var plan = _pipeline.Plan(request);
        var decision = _pipeline.Run(plan, plan.InScope ? _facts : _pipeline.StaticFacts);
        PropertyViolationException.Require(decision.Outcome != AdmissionOutcome.Error, "A4: the pipeline answered with an internal error");
        return decision;
    }

    private static byte[] Write(string apiVersion, string uid, AdmissionDecision decision)
    {
        var buffer = new ArrayBufferWriter<byte>();
        AdmissionResponseWriter.Write(buffer, apiVersion, uid, decision);

        return buffer.WrittenSpan.ToArray();
    }

    /// <summary>A1, A2, A5, A6: the wire answer as the API server reads it.</summary>
    private static void CheckAnswer(byte[] answer, string apiVersion, AdmissionRequest request, AdmissionDecision decision)
    {
        PropertyViolationException.Require(Utf8.IsValid(answer), "A1: the answer is not valid UTF-8");
        using var document = JsonDocument.Parse(answer, StrictJson);
        var root = document.RootElement;
        PropertyViolationException.Require(StringMember(root, "apiVersion") == apiVersion, "A1: apiVersion is not echoed");
        PropertyViolationException.Require(StringMember(root, "kind") == AdmissionReview.ReviewKind, "A1: kind is not AdmissionReview");
        PropertyViolationException.Require(root.TryGetProperty("response", out var response) && response.ValueKind == JsonValueKind.Object, "A1: no response object");
        PropertyViolationException.Require(StringMember(response, "uid") == request.Uid, "A1: response.uid does not echo request.uid");
        PropertyViolationException.Require(response.TryGetProperty("allowed", out var allowed) && allowed.ValueKind is JsonValueKind.True or JsonValueKind.False
            && allowed.GetBoolean() == decision.Allowed, "A1: allowed is missing or wrong");

        var hasPatch = response.TryGetProperty("patch", out var patch);
        PropertyViolationException.Require(hasPatch == (decision.Operations.Count > 0) && response.TryGetProperty("patchType", out _) == hasPatch,
            "A2: patch and patchType must be present together, exactly when there are operations");
        if (hasPatch)
        {
            PropertyViolationException.Require(StringMember(response, "patchType") == "JSONPatch", "A2: patchType is not JSONPatch");
            PropertyViolationException.Require(patch.TryGetBytesFromBase64(out var bytes), "A2: patch is not base64");
            using var operations = JsonDocument.Parse(bytes, StrictJson);
            PropertyViolationException.Require(operations.RootElement.ValueKind == JsonValueKind.Array && operations.RootElement.GetArrayLength() == decision.Operations.Count,
                "A2: patch is not the array of the decision's operations");
        }

        var hasStatus = response.TryGetProperty("status", out var status);
        PropertyViolationException.Require(hasStatus == !decision.Allowed, "A1: status must be present exactly when the request is denied");
        if (hasStatus)
        {
            PropertyViolationException.Require(status.TryGetProperty("code", out var code) && code.TryGetInt32(out var value) && value is 403 or 409,
                "P4: a skip answers 409 (warn) or 403 (deny)");
            PropertyViolationException.Require(SafeLine.IsSafe(StringMember(status, "message"), MutationPipeline.MaxSkipMessageLength), "P4: a skip message is one printable line");
        }

        var warnings = decision.Warnings;
        PropertyViolationException.Require(warnings.Count <= MutationPipeline.MaxWarnings, $"A5: {warnings.Count} warnings");
        foreach (var warning in warnings)
        {
            PropertyViolationException.Require(SafeLine.IsSafe(warning, MutationPipeline.MaxWarningLength), $"A5: warning is not short printable ASCII: '{warning}'");
        }

        var families = decision.Families;
        PropertyViolationException.Require(families.SequenceEqual(families.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), "S7: families are not sorted and distinct");
        var hasAudit = response.TryGetProperty("auditAnnotations", out var audit);
        PropertyViolationException.Require(hasAudit == (families.Count > 0), "A6: auditAnnotations must be present exactly when a family changed the object");
        if (hasAudit)
        {
            PropertyViolationException.Require(StringMember(audit, AdmissionResponseWriter.AppliedAuditKey) == string.Join(',', families), "A6: applied audit annotation lists other families");
        }
    }

    /// <summary>S1, S2, S3 (no UPDATE denied), S5.</summary>
    private void CheckScope(AdmissionRequest request, AdmissionDecision decision)
    {
        if (request.Operation is not (AdmissionOperation.Create or AdmissionOperation.Update) || request.SubResource.Length > 0)
        {
            PropertyViolationException.Require(decision.Outcome == AdmissionOutcome.Unchanged && decision.Warnings.Count == 0, "S2: DELETE, CONNECT and subresources are allowed unchanged");
        }

        if (!HasAnyLabel(request.Object, _pipeline.RestoreLabels))
        {
            PropertyViolationException.Require(decision.Outcome == AdmissionOutcome.Unchanged, "S1: an object without a restore label is allowed unchanged");
        }

        if (decision.Outcome == AdmissionOutcome.Skipped)
        {
            PropertyViolationException.Require(request.Operation == AdmissionOperation.Create, "S3: an UPDATE is never denied");
            PropertyViolationException.Require(!(request.Kind.Group.Length == 0 && request.Kind.Kind == "Namespace"), "S5: a Namespace is never denied");
            PropertyViolationException.Require(decision.Operations.Count == 0, "P4: a skip carries no patch");
        }
    }

    /// <summary>S6 (Velero's fields untouched) and S7 (the applied annotation) on the patched object.</summary>
    private void CheckSafety(AdmissionRequest request, AdmissionDecision decision, JsonArray patch, JsonNode patched)
    {
        var restoreLabelPaths = _pipeline.RestoreLabels.Select(label => "/metadata/labels/" + JsonPointer.Escape(label)).ToArray();
        foreach (var operation in patch)
        {
            var path = (string)operation!["path"]!;
            PropertyViolationException.Require(!path.StartsWith("/metadata/labels/velero.io~1", StringComparison.Ordinal)
                && !path.StartsWith("/metadata/annotations/velero.io~1", StringComparison.Ordinal), $"S6: a velero.io key is touched: {path}");
            PropertyViolationException.Require(!restoreLabelPaths.Any(label => IsAtOrUnder(path, label)), $"S6: a restore label is touched: {path}");
            if (request.Kind.Group.Length == 0 && request.Kind.Kind == "PersistentVolumeClaim")
            {
                PropertyViolationException.Require(!IsAtOrUnder(path, "/spec/dataSource") && !IsAtOrUnder(path, "/spec/dataSourceRef"), $"S6: a PVC data source is touched: {path}");
            }

            PropertyViolationException.Require(!TouchesVeleroInitContainer(request.Object, path), $"S6: Velero's restore-wait init container is touched: {path}");
        }

        var applied = patched["metadata"]?["annotations"]?[WellKnown.AppliedAnnotation];
        PropertyViolationException.Require(applied is JsonValue value && value.TryGetValue<string>(out _), "S7: a changed object carries no applied annotation");
        var listed = ((string)applied!).Split(',');
        PropertyViolationException.Require(listed.SequenceEqual(listed.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal)), $"S7: applied annotation is not sorted and distinct: {(string)applied!}");
        PropertyViolationException.Require(decision.Families.All(listed.Contains), $"S7: applied annotation '{(string)applied!}' misses a family of {string.Join(',', decision.Families)}");
    }

    /// <summary>S3: the patched object, sent back as an UPDATE of itself (Velero's follow-up patch, or existingResourcePolicy: update), changes no more.</summary>
    private void CheckSecondPass(AdmissionRequest request, JsonNode patched)
    {
        using var again = JsonDocument.Parse(patched.ToJsonString(), AdmissionReviewParser.DocumentOptions);
        var update = With(request, AdmissionOperation.Update, again.RootElement, again.RootElement, request.DryRun);
        var second = Decide(update);
        PropertyViolationException.Require(second.Outcome != AdmissionOutcome.Skipped, "S3: the second pass (UPDATE) was denied");
        PropertyViolationException.Require(second.Operations.Count == 0,
            $"S3: the second pass emitted {JsonNode.Parse(PatchOperation.Serialize(second.Operations))!.ToJsonString()}");
    }

    private static AdmissionRequest With(AdmissionRequest request, AdmissionOperation operation, JsonElement obj, JsonElement old, bool dryRun) => new()
    {
        Uid = request.Uid,
        Kind = request.Kind,
        Resource = request.Resource,
        SubResource = request.SubResource,
        Name = request.Name,
        Namespace = request.Namespace,
        Operation = operation,
        DryRun = dryRun,
        Object = obj,
        OldObject = old,
    };

    private static bool HasAnyLabel(JsonElement obj, IReadOnlyList<string> labels) =>
        obj.ValueKind == JsonValueKind.Object
        && obj.TryGetProperty("metadata", out var metadata) && metadata.ValueKind == JsonValueKind.Object
        && metadata.TryGetProperty("labels", out var present) && present.ValueKind == JsonValueKind.Object
        && labels.Any(label => present.TryGetProperty(label, out _));

    /// <summary>Whether <paramref name="path"/> reaches into an init container named restore-wait or restic-wait of the input object.</summary>
    private static bool TouchesVeleroInitContainer(JsonElement obj, string path)
    {
        const string segment = "/initContainers/";
        var at = path.IndexOf(segment, StringComparison.Ordinal);
        if (at < 0)
        {
            return false;
        }

        var indexEnd = path.IndexOf('/', at + segment.Length);
        var containerPath = indexEnd < 0 ? path : path[..indexEnd];
        var current = obj;
        foreach (var token in containerPath.Split('/').Skip(1))
        {
            var name = token.Replace("~1", "/", StringComparison.Ordinal).Replace("~0", "~", StringComparison.Ordinal);
            if (current.ValueKind == JsonValueKind.Object && current.TryGetProperty(name, out var child))
            {
                current = child;
            }
            else if (current.ValueKind == JsonValueKind.Array && int.TryParse(name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var index)
                && index < current.GetArrayLength())
            {
                current = current[index];
            }
            else
            {
                return false;
            }
        }

        return current.ValueKind == JsonValueKind.Object && StringMember(current, "name") is "restore-wait" or "restic-wait";
    }

    private static bool IsAtOrUnder(string path, string prefix) =>
        path.StartsWith(prefix, StringComparison.Ordinal) && (path.Length == prefix.Length || path[prefix.Length] == '/');

    private static string? StringMember(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
