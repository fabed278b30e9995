using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Lookups;

/// <summary>Projected service account tokens rotate: the file is re-read once the copy is a minute old.</summary>
public class BearerTokenTests
{
    [Fact]
    public void Current_FileRotated_IsReReadOnlyAfterTheRefreshInterval()
    {
        using var directory = new TempDirectory();
        var path = directory.File("token", "first\n");
        var clock = new ManualClock();
        var token = BearerToken.FromFile(path, TimeSpan.FromMinutes(1), clock);
        File.WriteAllText(path, "second");

        clock.Advance(TimeSpan.FromSeconds(59));
        token.Current.ShouldBe("first");
        clock.Advance(TimeSpan.FromSeconds(1));
        token.Current.ShouldBe("second");
    }

    [Fact]
    public void Current_FileGone_KeepsTheLastToken()
    {
        using var directory = new TempDirectory();
        var path = directory.File("token", "first");
        var clock = new ManualClock();
        var token = BearerToken.FromFile(path, TimeSpan.FromMinutes(1), clock);
        File.Delete(path);

        clock.Advance(TimeSpan.FromMinutes(2));
        token.Current.ShouldBe("first");
    }
}
