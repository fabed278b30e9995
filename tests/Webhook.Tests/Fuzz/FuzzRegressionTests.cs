using System.Runtime.CompilerServices;
using RestoreMutator.Fuzz.Properties;

namespace RestoreMutator.Webhook.Tests.Fuzz;

/// <summary>
/// Inputs the config fuzzer recorded (<c>fuzz/run.sh config</c> copies each crash or property
/// failure into <c>Fuzz/config/</c>), replayed through the same checks the fuzz target runs.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> ConfigInputs
    {
        get
        {
            var data = new TheoryData<string>();
            var directory = Path.Combine(ProjectRoot(), "Fuzz", "config");
            if (Directory.Exists(directory))
            {
                foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
                {
                    data.Add(Path.GetFileName(file));
                }
            }

            return data;
        }
    }

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ConfigInputs))]
    public void Config_RecordedInput_LoadsOrListsErrors(string file) =>
        WebhookSettingsProperties.Check(FuzzInput.Text(File.ReadAllBytes(Path.Combine(ProjectRoot(), "Fuzz", "config", file))));

    private static string ProjectRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
}
