using k8s;
using RestoreMutator.Webhook.Cluster;
using RestoreMutator.Webhook.Lookups;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Cluster;

/// <summary>Projected service account tokens rotate: the file is re-read once the copy is a minute old; a failed re-read keeps the last token.</summary>
public class RotatingTokenFileTests
{
    [Fact]
    public void Current_FileRotated_IsReReadOnlyAfterTheRefreshInterval()
    {
        using var directory = new TempDirectory();
        var path = directory.File("token", "first\n");
        var clock = new ManualClock();
        var token = RotatingTokenFile.Open(path, TimeSpan.FromMinutes(1), clock);
        File.WriteAllText(path, "second");

        clock.Advance(TimeSpan.FromSeconds(59));
        token.Current.ShouldBe("first");
        clock.Advance(TimeSpan.FromSeconds(1));
        token.Current.ShouldBe("second");
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Current_FileGoneOrEmpty_KeepsTheLastToken(bool empty)
    {
        using var directory = new TempDirectory();
        var path = directory.File("token", "first");
        var clock = new ManualClock();
        var token = RotatingTokenFile.Open(path, TimeSpan.FromMinutes(1), clock);
        if (empty)
        {
            File.WriteAllText(path, "\n");
        }
        else
        {
            File.Delete(path);
        }

        clock.Advance(TimeSpan.FromMinutes(2));
        token.Current.ShouldBe("first");
    }

    [Fact]
    public async Task SendAsync_TokenFileRotated_SendsTheNewToken()
    {
        await using var api = (await FakeKubernetesApi.StartAsync()).WithOpenShiftCluster();
        using var directory = new TempDirectory();
        var path = directory.File("token", FakeKubernetesApi.Token);
        var clock = new ManualClock();
        var connection = FakeConnections.For(api, token: null);
        connection.Configuration.TokenProvider = RotatingTokenFile.Open(path, TimeSpan.FromMinutes(1), clock);
        using var client = new ClusterClient(connection, ClusterClientTests.Patient);
        (await client.SendAsync("/version", (k, t) => k.Version.GetCodeAsync(t))).Succeeded.ShouldBeTrue();

        // The kubelet rotates the token and the API server stops accepting the old one.
        File.WriteAllText(path, "sha256~rotated");
        api.AcceptedToken = "sha256~rotated";
        (await client.SendAsync("/version", (k, t) => k.Version.GetCodeAsync(t))).Reason.ShouldBe("unauthorized");
        clock.Advance(TimeSpan.FromMinutes(1));

        (await client.SendAsync("/version", (k, t) => k.Version.GetCodeAsync(t))).Succeeded.ShouldBeTrue();
    }
}
