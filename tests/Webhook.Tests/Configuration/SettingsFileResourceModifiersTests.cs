using RestoreMutator.Webhook.Configuration;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Configuration;

/// <summary>U5 in the server: <c>resourceModifiers</c> files are read relative to the config file.</summary>
public sealed class SettingsFileResourceModifiersTests : IDisposable
{
    private readonly string _directory = Directory.CreateTempSubdirectory("restore-mutator-u5-").FullName;

    public void Dispose() => Directory.Delete(_directory, recursive: true);

    [Fact]
    public void Load_ModifierFileNextToTheConfig_BecomesRules()
    {
        File.WriteAllText(Path.Combine(_directory, "config.yaml"), "lookups: off\nresourceModifiers: [standby.yaml]\n");
        File.WriteAllText(Path.Combine(_directory, "standby.yaml"), """
            version: v1
            resourceModifierRules:
              - conditions: {groupResource: deployments.apps}
                patches: [{operation: replace, path: /spec/replicas, value: "0"}]
            """);

        var result = SettingsFile.Load(Path.Combine(_directory, "config.yaml"));

        result.Succeeded.ShouldBeTrue(string.Join("; ", result.Errors));
        result.Settings!.Mutation.Rules.ShouldHaveSingleItem().Name.ShouldBe("modifier-standby-0");
    }

    [Fact]
    public void Load_ModifierFileMissing_NamesItsPath()
    {
        File.WriteAllText(Path.Combine(_directory, "config.yaml"), "resourceModifiers: [gone.yaml]\n");

        var result = SettingsFile.Load(Path.Combine(_directory, "config.yaml"));

        result.Errors.ShouldHaveSingleItem().ShouldBe($"resourceModifiers[0]: 'gone.yaml' cannot be read: no such file ({Path.Combine(_directory, "gone.yaml")})");
    }

    [Fact]
    public void Load_TextWithoutFile_CannotNameModifierFiles() =>
        WebhookSettingsLoader.Load("resourceModifiers: [standby.yaml]\n").Errors.ShouldHaveSingleItem().ShouldContain("no file to resolve it against");
}
