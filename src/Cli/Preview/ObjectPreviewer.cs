using System.Collections.Frozen;
using System.Text.Json;
using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Cli.Preview;

/// <summary>
/// Runs the webhook's own pipeline on one object exactly as <c>POST /mutate</c> would for
/// Velero's CREATE: same rules, same facts (from the config, lookups off), the object prepared by
/// <see cref="RestoreSimulation"/>. The patch is then applied to show the object as created.
/// </summary>
internal sealed class ObjectPreviewer(MutationPipeline pipeline, ClusterFacts facts, RestoreSimulation simulation)
{
    /// <summary>The names of the configured operator rules, in file order (for the summary).</summary>
    public IReadOnlyList<string> RuleNames { get; } = pipeline.OperatorRules.Select(rule => rule.Name).ToArray();

    private static readonly FrozenDictionary<GroupKind, string> KnownResources = typeof(KnownKinds).GetFields()
        .Select(field => field.GetValue(null))
        .OfType<ResourceKind>()
        .DistinctBy(kind => kind.GroupKind)
        .ToFrozenDictionary(kind => kind.GroupKind, kind => kind.Resource);

    /// <summary>Why <paramref name="document"/> cannot be previewed, or null when it is a Kubernetes object.</summary>
    public static string? Validate(JsonNode document)
    {
        if (document is not JsonObject obj)
        {
            return "not a Kubernetes object (expected a mapping with apiVersion, kind and metadata.name)";
        }

        var missing = new List<string>();
        if (!IsNonEmptyString(obj["apiVersion"]))
        {
            missing.Add("apiVersion");
        }

        if (!IsNonEmptyString(obj["kind"]))
        {
            missing.Add("kind");
        }

        if (!IsNonEmptyString(obj["metadata"]?["name"]) && !IsNonEmptyString(obj["metadata"]?["generateName"]))
        {
            missing.Add("metadata.name");
        }

        return missing.Count == 0 ? null : $"not a Kubernetes object: missing {string.Join(", ", missing)}";
    }

    /// <summary>Previews one valid object (see <see cref="Validate"/>); the object is changed in place.</summary>
    public PreviewResult Preview(string source, JsonObject obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        var apiVersion = obj["apiVersion"]!.GetValue<string>();
        var kind = obj["kind"]!.GetValue<string>();
        var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
        var gvk = new GroupVersionKind(slash < 0 ? string.Empty : apiVersion[..slash], apiVersion[(slash + 1)..], kind);
        var name = NameOf(obj);
        var simulated = simulation.Prepare(obj);
        var result = new PreviewResult
        {
            Source = source,
            ApiVersion = apiVersion,
            Kind = kind,
            Namespace = simulated.TargetNamespace,
            SourceNamespace = simulated.SourceNamespace,
            Name = name,
            Decision = PreviewDecision.Unchanged,
            Reason = string.Empty,
        };

        using var document = JsonSerializer.SerializeToDocument(obj);
        var request = new AdmissionRequest
        {
            Uid = "preview",
            Kind = gvk,
            Resource = ResourceOf(gvk.GroupKind),
            Name = name,
            Namespace = simulated.TargetNamespace,
            Operation = AdmissionOperation.Create,
            Object = document.RootElement,
        };

        AdmissionDecision decision;
        try
        {
            decision = pipeline.Run(request, facts);
        }
#pragma warning disable CA1031 // The webhook answers any rule failure as an error (SPEC A4); so does the preview.
        catch (Exception e)
#pragma warning restore CA1031
        {
            return result with { Decision = PreviewDecision.Error, Reason = $"internal error, the webhook would deny it with code 500: {e.Message}" };
        }

        result = result with { Warnings = decision.Warnings, Profile = decision.Profile, Rules = decision.AppliedRules };
        return decision.Outcome switch
        {
            AdmissionOutcome.Patched => Changed(result, decision, simulated),
            AdmissionOutcome.Skipped => result with
            {
                Decision = PreviewDecision.Skipped,
                Reason = decision.SkipReason,
                SkipCode = decision.SkipCode,
                Answer = $"{decision.StatusCode} {decision.Reason}",
            },
            AdmissionOutcome.Error => result with { Decision = PreviewDecision.Error, Reason = decision.Message },
            _ => result with
            {
                Reason = pipeline.Handles(gvk.GroupKind) ? "no rule changes it" : $"no rule handles {gvk.GroupKind}",
            },
        };
    }

    private static PreviewResult Changed(PreviewResult result, AdmissionDecision decision, SimulatedObject simulated)
    {
        var changed = result with
        {
            Decision = PreviewDecision.Changed,
            Reason = "applied: " + string.Join(',', decision.Families),
            Families = decision.Families,
            Operations = decision.Operations,
        };
        try
        {
            var after = PatchApplier.Apply(simulated.Admitted, decision.Operations);
            return changed with { Before = simulated.ForDisplay(simulated.Admitted), After = simulated.ForDisplay(after) };
        }
        catch (InvalidOperationException e)
        {
            return changed with { Decision = PreviewDecision.Error, Reason = $"the API server would reject the patch: {e.Message}" };
        }
    }

    private static string NameOf(JsonObject obj) =>
        obj["metadata"]?["name"] is JsonValue name && name.TryGetValue<string>(out var value) && value.Length > 0
            ? value
            : obj["metadata"]?["generateName"]?.GetValue<string>() ?? string.Empty;

    /// <summary>The plural resource name; only used in messages, so unknown kinds get the usual lower-case plural.</summary>
    private static string ResourceOf(GroupKind kind) =>
        KnownResources.TryGetValue(kind, out var resource) ? resource : kind.Kind.ToLowerInvariant() + "s";

    private static bool IsNonEmptyString(JsonNode? node) =>
        node is JsonValue value && value.TryGetValue<string>(out var text) && text.Length > 0;
}
