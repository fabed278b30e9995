using Microsoft.Extensions.Logging.Abstractions;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Configuration;

/// <summary>SPEC C1 with X1: a reload rebuilds every profile's pipeline; an invalid profile is refused like any other error.</summary>
public class ProfileReloadTests
{
    private const string Initial = "lookups: off\nstorageClasses: {gp2: gp3-csi}\nprofiles: {east: {restores: [dr-east-*], storageClasses: {gp2: east-ssd}}}\n";

    [Fact]
    public void Poll_ValidProfileChange_RebuildsTheProfiles()
    {
        using var directory = new TempDirectory();
        var (monitor, path) = Start(directory);
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        File.WriteAllText(path, "lookups: off\nstorageClasses: {gp2: gp3-csi}\nprofiles:\n  west: {restores: [dr-west-*]}\n  east: {restores: [dr-east-*], storageClasses: {gp2: east-nvme}}\n");
        monitor.Poll();

        results.ShouldBe([true]);
        var profiles = monitor.Current.Pipeline.Profiles;
        profiles.Select(p => p.Name).ShouldBe(["west", "east"]);
        profiles[1].Settings.Settings.StorageClasses["gp2"].ShouldBe("east-nvme");
        profiles[1].Pipeline.ShouldNotBeSameAs(profiles[0].Pipeline);
    }

    [Fact]
    public void Poll_InvalidProfile_IsRefusedAndTheLastGoodProfilesStay()
    {
        using var directory = new TempDirectory();
        var (monitor, path) = Start(directory);
        var before = monitor.Current;
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        File.WriteAllText(path, "lookups: off\nprofiles: {east: {restores: ['dr east'], storageClasses: {gp2: 'GP 3'}}}\n");
        monitor.Poll();

        results.ShouldBe([false]);
        monitor.Current.ShouldBeSameAs(before);
        monitor.Current.Pipeline.Profiles.ShouldHaveSingleItem().Settings.Settings.StorageClasses["gp2"].ShouldBe("east-ssd");
    }

    private static (SettingsMonitor Monitor, string Path) Start(TempDirectory directory)
    {
        var path = System.IO.Path.Combine(directory.Path, "config.yaml");
        File.WriteAllText(path, Initial);
        var loaded = SettingsFile.Load(path, out var read);
        loaded.Errors.ShouldBeEmpty();
        return (new SettingsMonitor(ConfigSnapshot.Create(loaded.Settings!, path), read, NullLogger<SettingsMonitor>.Instance), path);
    }
}
