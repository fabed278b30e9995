using Shouldly;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>
/// Previews the sample backup built from <c>examples/backup/</c> (as examples/make-sample-backup.sh
/// does) with <c>examples/config.yaml</c>, and compares with the committed output in Golden/.
/// The README's sample output is this text. Set RESTORE_MUTATOR_UPDATE_GOLDEN=1 to rewrite the
/// files when rules change, then review every line against the SPEC.
/// </summary>
public sealed class SampleBackupGoldenTests : IDisposable
{
    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Theory]
    [InlineData("json", "sample-backup.jsonl")]
    [InlineData("text", "sample-backup.txt")]
    public async Task Preview_SampleBackup_MatchesGolden(string format, string golden)
    {
        var root = PreviewFixtures.RepositoryRoot;
        var tarball = _tree.VeleroBackupFrom("sample-backup.tar.gz", Path.Combine(root, "examples", "backup"));

        var run = await PreviewCli.RunAsync("preview", "--config", Path.Combine(root, "examples", "config.yaml"), "--output", format, tarball);

        run.ExitCode.ShouldBe(0, run.Error);
        var output = run.Output.Replace(_tree.Root + "/", "examples/", StringComparison.Ordinal);
        var path = Path.Combine(root, "tests", "Cli.Tests", "Preview", "Golden", golden);
        if (Environment.GetEnvironmentVariable("RESTORE_MUTATOR_UPDATE_GOLDEN") == "1")
        {
            await File.WriteAllTextAsync(path, output);
        }

        output.ShouldBe(await File.ReadAllTextAsync(path));
    }

    [Fact]
    public async Task Readme_SampleOutput_IsTheGoldenText()
    {
        // The README's "Preview" section shows the sample backup's text output; it must not drift from what preview prints.
        var root = PreviewFixtures.RepositoryRoot;
        var readme = (await File.ReadAllTextAsync(Path.Combine(root, "README.md"))).ReplaceLineEndings("\n");
        var golden = (await File.ReadAllTextAsync(Path.Combine(root, "tests", "Cli.Tests", "Preview", "Golden", "sample-backup.txt"))).ReplaceLineEndings("\n");

        readme.ShouldContain(golden.TrimEnd('\n'), customMessage: "README's sample preview output differs from tests/Cli.Tests/Preview/Golden/sample-backup.txt: paste the golden text into the README");
    }
}
