using System.Text.Json;
using RestoreMutator.Transforms.Admission;
using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Transforms.Tests.Support;

/// <summary>Runs one object through a pipeline, for rule tests that check more than golden fixtures do (warnings, odd settings).</summary>
public static class PipelineHarness
{
    public static RestoreMutatorSettings Settings(string yaml)
    {
        var result = SettingsLoader.Load(yaml);
        return result.Succeeded ? result.Settings! : throw new InvalidOperationException(string.Join("; ", result.Errors));
    }

    public static AdmissionDecision Run(string objectJson, string yaml = "lookups: off\n", AdmissionOperation operation = AdmissionOperation.Create,
        ClusterFacts? facts = null, IReadOnlyList<IMutationRule>? rules = null)
    {
        var settings = Settings(yaml);
        var pipeline = new MutationPipeline(settings, rules ?? RuleCatalog.Create(settings));
        using var document = JsonDocument.Parse(objectJson);
        return pipeline.Run(FixtureCase.Request(document, operation), facts ?? ClusterFacts.None);
    }
}
