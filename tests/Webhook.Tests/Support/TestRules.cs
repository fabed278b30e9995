using RestoreMutator.Transforms.Rules;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Lookups;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Rules and fact sources that misbehave on purpose, injected into the in-memory host.</summary>
internal static class TestRules
{
    /// <summary>Replaces the pipeline of a snapshot with <paramref name="rules"/>.</summary>
    public static Func<ConfigSnapshot, ConfigSnapshot> Pipeline(params IMutationRule[] rules) =>
        snapshot => snapshot with { Pipeline = new MutationPipeline(snapshot.Settings.Mutation, rules) };

    /// <summary>A rule with a bug: throws on every Deployment.</summary>
    public sealed class Throwing : IMutationRule
    {
        public string Family => "test-throw";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) => throw new InvalidOperationException("boom in rule\nsecond line");
    }

    /// <summary>A rule that skips every Deployment with code <c>test-skip</c>.</summary>
    public sealed class Skipping : IMutationRule
    {
        public string Family => "test-skip";

        public IReadOnlyCollection<ResourceKind> Kinds => [KnownKinds.Deployment];

        public void Apply(MutationContext context) => context.Skip("test-skip", "skipped by a test rule");
    }

    /// <summary>A facts source with a bug: throws instead of returning warnings (breaking its contract).</summary>
    public sealed class ThrowingFacts : IClusterFactsSource
    {
        public ValueTask<ClusterFacts> GetAsync(RequestPlan plan, ConfigSnapshot config, CancellationToken cancellationToken) =>
            throw new InvalidOperationException("facts exploded");
    }
}
