using RestoreMutator.Webhook.Health;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Health;

public sealed class ShutdownDrainTests
{
    [Theory]
    [InlineData(null, 10)]
    [InlineData("", 10)]
    [InlineData("0", 0)]
    [InlineData("3", 3)]
    [InlineData(" 60 ", 60)]
    public void DelayFromEnvironment_UnsetOrValid_DefaultsToTenSeconds(string? value, int seconds)
    {
        var delay = ShutdownDrain.Delay.FromEnvironment(name => name == ShutdownDrain.EnvironmentVariable ? value : null);

        delay.Value.ShouldBe(TimeSpan.FromSeconds(seconds));
    }

    [Theory]
    [InlineData("61")]
    [InlineData("-1")]
    [InlineData("10s")]
    [InlineData("1.5")]
    public void DelayFromEnvironment_Invalid_StopsStartupNamingTheVariable(string value)
    {
        var error = Should.Throw<StartupException>(() => ShutdownDrain.Delay.FromEnvironment(_ => value));

        error.Errors.ShouldBe([$"RESTORE_MUTATOR_SHUTDOWN_DELAY_SECONDS must be whole seconds from 0 to 60, got '{value}'"]);
    }
}
