using RestoreMutator.Webhook.Diagnostics;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Diagnostics;

public class ProcessFiguresTests
{
    [Theory]
    [InlineData("Max open files            1048576              1048576              files", 1048576L)]
    [InlineData("Max open files            1024                 524288               files", 1024L)]
    [InlineData("Max open files            unlimited            unlimited            files", null)]
    public void ParseMaxOpenFiles_LimitsLine_IsTheSoftLimit(string line, long? expected)
    {
        string[] lines =
        [
            "Limit                     Soft Limit           Hard Limit           Units",
            "Max processes             127431               127431               processes",
            line,
            "Max locked memory         8388608              8388608              bytes",
        ];

        ProcessFigures.ParseMaxOpenFiles(lines).ShouldBe(expected);
    }

    [Fact]
    public void ParseMaxOpenFiles_NoSuchLine_IsNull() =>
        ProcessFigures.ParseMaxOpenFiles(["Max processes  1  1  processes"]).ShouldBeNull();

    [Fact]
    public void Memory_ThisProcess_ResidentBelowVirtual()
    {
        var (resident, virtualSize) = ProcessFigures.Memory();

        resident.ShouldBeGreaterThan(1024 * 1024);
        virtualSize.ShouldBeGreaterThanOrEqualTo(resident);
    }
}
