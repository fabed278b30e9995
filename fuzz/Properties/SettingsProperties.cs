using System.Text.Json.Nodes;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Patching;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The properties of configuration loading (SPEC C1): YAML text either loads into settings or
/// yields a list of one-line errors, never an exception; and settings that load build a pipeline
/// that handles ordinary objects within S3 (<see cref="ProbeObjects"/>).
/// </summary>
public static class SettingsProperties
{
    /// <summary>Longest error accepted: the path, the line, a clipped value and the known keys.</summary>
    public const int MaxErrorLength = SettingsLoader.MaxErrorLength;

    /// <summary>Checks <see cref="SettingsLoader.Load"/> alone and as the offline tools call it (host sections ignored); returns the latter.</summary>
    public static SettingsLoadResult Check(string yaml)
    {
        ArgumentNullException.ThrowIfNull(yaml);
        CheckResult(SettingsLoader.Load(yaml));
        var offline = SettingsLoader.Load(yaml, root => root.Ignore("server", "velero", "lookups"));
        CheckResult(offline);
        if (offline.Succeeded)
        {
            CheckPipeline(offline.Settings!);
        }

        return offline;
    }

    /// <summary>Settings or errors, never both, never neither; every error one printable line.</summary>
    public static void CheckResult(SettingsLoadResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        PropertyViolationException.Require(result.Succeeded == (result.Settings is not null) && result.Succeeded == (result.Errors.Count == 0),
            "C1: a load result has settings and errors, or neither");
        CheckErrors(result.Errors);
    }

    /// <summary>Every error is one line of printable text (operators read them in logs and terminals).</summary>
    public static void CheckErrors(IReadOnlyList<string> errors)
    {
        ArgumentNullException.ThrowIfNull(errors);
        foreach (var error in errors)
        {
            PropertyViolationException.Require(SafeLine.IsSafe(error, MaxErrorLength), $"C1: error is not one printable line: '{error}'");
        }
    }

    /// <summary>Valid settings build a pipeline (nothing throws) whose answers on the probe objects keep every admission property.</summary>
    public static void CheckPipeline(MutationSettings settings)
    {
        var pipeline = RuleCatalog.CreatePipeline(settings);
        var facts = pipeline.StaticFacts with
        {
            DestinationRegistry = pipeline.StaticFacts.DestinationRegistry ?? "image-registry.openshift-image-registry.svc:5000",
            AppsDomain = pipeline.StaticFacts.AppsDomain ?? "apps.new.example.com",
            ServerVersion = "4.14",
            DockercfgSecrets = new Dictionary<string, string>(StringComparer.Ordinal) { ["default"] = "default-dockercfg-new34", ["builder"] = "builder-dockercfg-new34" },
        };
        ProbeObjects.CheckAll(new AdmissionProperties(pipeline, facts));
        CheckRulesOnRequest(settings, pipeline, facts);
    }

    /// <summary>
    /// U2: rules worked out on the request itself (constant operations at fixed members) answer
    /// as they do on the tree: the same operations (in any order: none is near another), the
    /// same object, rules and warnings.
    /// </summary>
    private static void CheckRulesOnRequest(MutationSettings settings, MutationPipeline pipeline, ClusterFacts facts)
    {
        if (!settings.Rules.Any(rule => rule.FixedOperations is not null))
        {
            return;
        }

        var onTree = RuleCatalog.CreatePipeline(OnTree(settings));
        ProbeObjects.ForEach(request =>
        {
            var direct = Answer(pipeline, request, facts);
            var expected = Answer(onTree, request, facts);
            PropertyViolationException.Require(direct == expected, $"U2: rules on the request answer otherwise than on the tree: {direct} instead of {expected}");
        });
    }

    /// <summary>The same settings with every rule run on the tree (none worked out on the request).</summary>
    public static MutationSettings OnTree(MutationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return settings with { Rules = [.. settings.Rules.Select(rule => rule with { FixedOperations = null })] };
    }

    /// <summary>
    /// One answer as text to compare: the outcome, the operations in any order (none is near
    /// another), the object they make, the rules, families and warnings.
    /// </summary>
    public static string Answer(MutationPipeline pipeline, AdmissionRequest request, ClusterFacts facts)
    {
        ArgumentNullException.ThrowIfNull(pipeline);
        ArgumentNullException.ThrowIfNull(request);
        var decision = pipeline.Run(request, facts);
        var operations = decision.Operations.Select(op => System.Text.Encoding.UTF8.GetString(PatchOperation.Serialize([op]))).Order(StringComparer.Ordinal);
        var result = decision.Operations.Count == 0 ? string.Empty : PatchApplier.Apply(JsonNode.Parse(request.Object.GetRawText())!, decision.Operations).ToJsonString();
        return $"{decision.Outcome} {string.Join(' ', operations)} -> {result} rules=[{string.Join(',', decision.AppliedRules)}] "
            + $"families=[{string.Join(',', decision.Families)}] warnings=[{string.Join(" | ", decision.Warnings)}]";
    }
}
