using System.Text;
using Microsoft.Extensions.Logging.Abstractions;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Configuration;

/// <summary>SPEC C1: the monitor watches what the configuration in force was loaded from.</summary>
public class SettingsMonitorTests
{
    private const string Initial = "lookups: off\nstorageClasses: {gp2: gp3-csi}\n";
    private const string Edited = "lookups: off\nstorageClasses: {gp2: io2-csi}\n";

    [Fact]
    public void Poll_ConfigEditedBetweenTheStartupLoadAndTheWatch_IsReloaded()
    {
        // An edit (a ConfigMap update) can land while the server starts: after the configuration
        // in force was read, before the monitor exists. It must not be taken as already seen.
        using var directory = new TempDirectory();
        var (monitor, results) = Start(directory, beforeTheWatch: path => File.WriteAllText(path, Edited));

        monitor.Poll();

        results.ShouldBe([true]);
        monitor.Current.Settings.Mutation.StorageClasses["gp2"].ShouldBe("io2-csi");
    }

    [Fact]
    public void Poll_UnchangedSinceTheStartupLoad_DoesNotReload()
    {
        using var directory = new TempDirectory();
        var (monitor, results) = Start(directory);
        var before = monitor.Current;

        monitor.Poll();

        results.ShouldBeEmpty();
        monitor.Current.ShouldBeSameAs(before);
    }

    [Fact]
    public void Poll_EditedFileWithAByteOrderMark_ReloadsAsAtStart()
    {
        // The start-up load honours a UTF-8 byte order mark (editors on Windows write one); a reload
        // of the same bytes must read them the same way.
        using var directory = new TempDirectory();
        var (monitor, results) = Start(directory);

        File.WriteAllBytes(Path.Combine(directory.Path, "config.yaml"), [.. Encoding.UTF8.GetPreamble(), .. Encoding.UTF8.GetBytes(Edited)]);
        monitor.Poll();

        results.ShouldBe([true]);
        monitor.Current.Settings.Mutation.StorageClasses["gp2"].ShouldBe("io2-csi");
    }

    /// <summary>
    /// Loads config.yaml (<see cref="Initial"/>) as the server starts, runs <paramref name="beforeTheWatch"/>
    /// on its path, then starts the monitor from that load; the results of its reloads are collected.
    /// </summary>
    private static (SettingsMonitor Monitor, List<bool> Results) Start(TempDirectory directory, Action<string>? beforeTheWatch = null)
    {
        var path = directory.File("config.yaml", Initial);
        var loaded = SettingsFile.Load(path, out var read);
        loaded.Errors.ShouldBeEmpty();
        beforeTheWatch?.Invoke(path);
        var monitor = new SettingsMonitor(ConfigSnapshot.Create(loaded.Settings!, path), read, NullLogger<SettingsMonitor>.Instance);
        var results = new List<bool>();
        monitor.Reloaded += results.Add;
        return (monitor, results);
    }
}
