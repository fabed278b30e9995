using Microsoft.Extensions.Logging.Abstractions;
using RestoreMutator.Webhook.Configuration;
using RestoreMutator.Webhook.Tests.Lookups.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Configuration;

/// <summary>
/// SPEC C1 with U5: the files a configuration names (<c>resourceModifiers</c>) are watched with it.
/// Editing one reloads like editing the config; a broken one is refused and the last good
/// configuration stays; a file that disappears, or appears, counts as a change.
/// </summary>
public class ResourceModifiersReloadTests
{
    private const string Config = "lookups: off\nresourceModifiers: [standby.yaml]\n";

    [Fact]
    public void Poll_ModifierFileEditedAlone_Reloads()
    {
        using var directory = new TempDirectory();
        var (monitor, _) = Start(directory);
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        monitor.Poll();
        results.ShouldBeEmpty();

        File.WriteAllText(Modifier(directory), Standby(replicas: "1", rules: 2));
        monitor.Poll();
        monitor.Poll();

        results.ShouldBe([true]);
        monitor.Current.Settings.Mutation.Rules.Select(rule => rule.Name).ShouldBe(["modifier-standby-0", "modifier-standby-1"]);
    }

    [Fact]
    public void Poll_ModifierFileBroken_IsRefusedUntilFixed()
    {
        using var directory = new TempDirectory();
        var (monitor, _) = Start(directory);
        var before = monitor.Current;
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        File.WriteAllText(Modifier(directory), "version: v1\nresourceModifierRules:\n  - conditions: {groupResource: deployments.apps}\n    strategicPatches: []\n");
        monitor.Poll();
        monitor.Current.ShouldBeSameAs(before);

        File.WriteAllText(Modifier(directory), Standby(replicas: "2", rules: 1));
        monitor.Poll();

        results.ShouldBe([false, true]);
        monitor.Current.ShouldNotBeSameAs(before);
        monitor.Current.Settings.Mutation.Rules.ShouldHaveSingleItem().Patch.ShouldHaveSingleItem().Value!.ToJsonString().ShouldBe("2");
    }

    [Fact]
    public void Poll_ModifierFileRemovedThenDropped_RefusesThenReloads()
    {
        using var directory = new TempDirectory();
        var (monitor, config) = Start(directory);
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        File.Delete(Modifier(directory));
        monitor.Poll();
        monitor.Current.Settings.Mutation.Rules.ShouldHaveSingleItem();

        File.WriteAllText(config, "lookups: off\n");
        monitor.Poll();

        results.ShouldBe([false, true]);
        monitor.Current.Settings.Mutation.Rules.ShouldBeEmpty();

        // No longer named: changes to it are not the configuration's.
        File.WriteAllText(Modifier(directory), Standby(replicas: "3", rules: 1));
        monitor.Poll();
        results.ShouldBe([false, true]);
    }

    [Fact]
    public void Poll_MissingModifierFileAppears_Reloads()
    {
        using var directory = new TempDirectory();
        var (monitor, config) = Start(directory);
        var results = new List<bool>();
        monitor.Reloaded += results.Add;

        File.WriteAllText(config, "lookups: off\nresourceModifiers: [standby.yaml, later.yaml]\n");
        monitor.Poll();
        File.WriteAllText(Path.Combine(directory.Path, "later.yaml"), Standby(replicas: "4", rules: 1));
        monitor.Poll();

        results.ShouldBe([false, true]);
        monitor.Current.Settings.Mutation.Rules.Select(rule => rule.Name).ShouldBe(["modifier-standby-0", "modifier-later-0"]);
    }

    private static string Modifier(TempDirectory directory) => Path.Combine(directory.Path, "standby.yaml");

    private static string Standby(string replicas, int rules) =>
        "version: v1\nresourceModifierRules:\n" + string.Concat(Enumerable.Repeat(
            $"  - conditions: {{groupResource: deployments.apps}}\n    patches: [{{operation: replace, path: /spec/replicas, value: \"{replicas}\"}}]\n", rules));

    private static (SettingsMonitor Monitor, string Config) Start(TempDirectory directory)
    {
        var config = Path.Combine(directory.Path, "config.yaml");
        File.WriteAllText(config, Config);
        File.WriteAllText(Modifier(directory), Standby(replicas: "0", rules: 1));
        var loaded = SettingsFile.Load(config, out var read);
        loaded.Errors.ShouldBeEmpty();
        return (new SettingsMonitor(ConfigSnapshot.Create(loaded.Settings!, config), read, NullLogger<SettingsMonitor>.Instance), config);
    }
}
