using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Tests.Support;

/// <summary>Runs one object through a pipeline, for rule tests that check more than golden fixtures do (warnings, odd settings).</summary>
public static class PipelineHarness
{
    public static MutationSettings Settings(string yaml)
    {
        var result = TestSettings.Load(yaml);
        return result.Succeeded ? result.Settings! : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    /// <summary>Runs <paramref name="objectJson"/>; on UPDATE the stored object is <paramref name="oldObjectJson"/>, else the object itself.</summary>
    public static AdmissionDecision Run(string objectJson, string yaml = "lookups: off\n", AdmissionOperation operation = AdmissionOperation.Create,
        ClusterFacts? facts = null, IReadOnlyList<IMutationRule>? rules = null, string? oldObjectJson = null)
    {
        var settings = Settings(yaml);
        var pipeline = rules is null ? RuleCatalog.CreatePipeline(settings) : new MutationPipeline(settings, rules);
        using var document = JsonDocument.Parse(objectJson);
        using var old = JsonDocument.Parse(oldObjectJson ?? objectJson);
        var request = FixtureCase.Request(document, operation);
        if (operation == AdmissionOperation.Update)
        {
            request = new AdmissionRequest
            {
                Uid = request.Uid,
                Kind = request.Kind,
                Resource = request.Resource,
                Name = request.Name,
                Namespace = request.Namespace,
                Operation = request.Operation,
                Object = request.Object,
                OldObject = old.RootElement,
            };
        }

        return pipeline.Run(request, facts ?? ClusterFacts.None);
    }
}
