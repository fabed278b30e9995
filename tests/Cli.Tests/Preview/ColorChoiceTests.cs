using RestoreMutator.Cli.Preview;
using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

public class ColorChoiceTests
{
    [Theory]
    [InlineData(false, null, false, true)]
    [InlineData(false, "", false, true)]
    [InlineData(true, null, false, false)]
    [InlineData(false, "1", false, false)]
    [InlineData(false, "0", false, false)]
    [InlineData(false, null, true, false)]
    public void Decide_FlagEnvironmentAndRedirection_Table(bool flag, string? environment, bool redirected, bool expected)
    {
        ColorChoice.Decide(flag, environment, redirected).ShouldBe(expected);
    }
}
