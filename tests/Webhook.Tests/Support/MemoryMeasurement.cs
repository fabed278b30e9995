namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// Tests that measure process-wide managed memory run alone: GC.GetTotalMemory counts every
/// allocation in the test process, so test classes running in parallel would skew it.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MemoryMeasurement
{
    public const string Name = "memory measurement";
}
