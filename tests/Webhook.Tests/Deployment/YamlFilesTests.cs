using Shouldly;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>Every YAML file in the repository parses (multi-document aware); yamllint in .ci/run checks style.</summary>
public class YamlFilesTests
{
    public static TheoryData<string> Files()
    {
        var data = new TheoryData<string>();
        foreach (var file in RepositoryFiles.YamlFiles())
        {
            data.Add(file);
        }

        return data;
    }

    [Fact]
    public void YamlFiles_Repository_IncludesDeploymentAssets()
    {
        // Guards the walk itself: if it stopped finding files, the theory below would pass vacuously.
        var files = RepositoryFiles.YamlFiles();

        files.ShouldContain("deploy/manifests/base/mutatingwebhookconfiguration.yaml");
        files.ShouldContain("deploy/helm/restore-mutator/values.yaml");
        files.ShouldContain("deploy/helm/restore-mutator/Chart.yaml");
        files.ShouldContain("docker-compose.yml");
        files.ShouldContain(".github/workflows/kind-e2e.yml");
        files.ShouldNotContain(f => f.Contains("/templates/", StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(Files))]
    public void YamlFile_Parse_SucceedsForEveryDocument(string file)
    {
        var stream = new YamlStream();
        using var reader = new StringReader(RepositoryFiles.Read(file));

        var exception = Record.Exception(() => stream.Load(reader));

        exception.ShouldBeNull($"{file}: {(exception as YamlException)?.Start} {exception?.Message}");
        stream.Documents.Count.ShouldBeGreaterThan(0, $"{file} holds no YAML document");
    }
}
