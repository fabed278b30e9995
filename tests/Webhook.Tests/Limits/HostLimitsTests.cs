using RestoreMutator.Webhook.Limits;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Limits;

public sealed class HostLimitsTests
{
    private const long Mib = 1024 * 1024;

    [Theory]
    // The GC heap limit is half the container's: 512Mi -> 256 MiB (the manifests), 384Mi, 1Gi.
    [InlineData(256, 4096, 32)]
    [InlineData(192, 3072, 24)]
    [InlineData(512, 8192, 64)]
    // A small container still takes one review of the largest size; a big machine is clamped.
    [InlineData(16, 256, 8)]
    [InlineData(24 * 1024, 20000, 512)]
    public void FromEnvironment_NoOverrides_DerivesFromAvailableMemory(long availableMib, int connections, long budgetMib)
    {
        var limits = HostLimits.FromEnvironment(availableMib * Mib, _ => null);

        limits.MaxConnections.ShouldBe(connections);
        limits.BodyBudgetBytes.ShouldBe(budgetMib * Mib);
        limits.AvailableMemoryBytes.ShouldBe(availableMib * Mib);
    }

    [Fact]
    public void FromEnvironment_Overrides_WinOverTheDerivedValues()
    {
        var environment = new Dictionary<string, string>
        {
            [HostLimits.MaxConnectionsVariable] = "5000",
            [HostLimits.BodyBudgetVariable] = "100",
        };

        var limits = HostLimits.FromEnvironment(256 * Mib, environment.GetValueOrDefault);

        limits.MaxConnections.ShouldBe(5000);
        limits.BodyBudgetBytes.ShouldBe(100 * Mib);
    }

    [Theory]
    [InlineData(HostLimits.MaxConnectionsVariable, "0", "RESTORE_MUTATOR_MAX_CONNECTIONS must be a number of connections from 1 to 1000000, got '0'")]
    [InlineData(HostLimits.MaxConnectionsVariable, "many", "RESTORE_MUTATOR_MAX_CONNECTIONS must be a number of connections from 1 to 1000000, got 'many'")]
    [InlineData(HostLimits.BodyBudgetVariable, "7", "RESTORE_MUTATOR_BODY_BUDGET_MIB must be whole MiB from 8 to 65536, got '7'")]
    [InlineData(HostLimits.BodyBudgetVariable, "64Mi", "RESTORE_MUTATOR_BODY_BUDGET_MIB must be whole MiB from 8 to 65536, got '64Mi'")]
    public void FromEnvironment_InvalidOverride_StopsStartupWithOneLine(string variable, string value, string error)
    {
        var thrown = Should.Throw<StartupException>(() => HostLimits.FromEnvironment(256 * Mib, name => name == variable ? value : null));

        thrown.Errors.ShouldBe([error]);
    }
}
