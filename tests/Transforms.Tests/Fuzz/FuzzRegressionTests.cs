using System.Runtime.CompilerServices;
using RestoreMutator.Fuzz.Properties;

namespace RestoreMutator.Transforms.Tests.Fuzz;

/// <summary>
/// Inputs the fuzzers recorded (<c>fuzz/run.sh</c> copies each crash or property failure into
/// <c>Fuzz/&lt;target&gt;/</c>), replayed through the same property checks the fuzz targets run, so a
/// fixed bug stays fixed. The admission target's committed seeds (the hostile-input corpus) are replayed too.
/// </summary>
public class FuzzRegressionTests
{
    public static TheoryData<string> AdmissionInputs => Inputs("Fuzz/admission", "../../fuzz/seeds/admission");

    public static TheoryData<string> ImageInputs => Inputs("Fuzz/images");

    public static TheoryData<string> RulesInputs => Inputs("Fuzz/rules");

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(AdmissionInputs))]
    public void Admission_RecordedInput_KeepsEveryProperty(string file) =>
        AdmissionProperties.CheckUnderFixedConfigurations(File.ReadAllBytes(Path.Combine(ProjectRoot(), file)));

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(ImageInputs))]
    public void Images_RecordedInput_KeepsEveryProperty(string file) =>
        ImageProperties.Check(FuzzInput.Text(File.ReadAllBytes(Path.Combine(ProjectRoot(), file))));

    [Theory(SkipTestWithoutData = true)]
    [MemberData(nameof(RulesInputs))]
    public void Rules_RecordedInput_KeepsEveryProperty(string file) =>
        RulesProperties.Check(FuzzInput.Text(File.ReadAllBytes(Path.Combine(ProjectRoot(), file))));

    /// <summary>Files under the given folders of this project, as paths relative to it (stable test names).</summary>
    private static TheoryData<string> Inputs(params string[] folders)
    {
        var data = new TheoryData<string>();
        foreach (var folder in folders)
        {
            var directory = Path.GetFullPath(Path.Combine(ProjectRoot(), folder));
            if (!Directory.Exists(directory))
            {
                continue;
            }

            foreach (var file in Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal))
            {
                data.Add(Path.GetRelativePath(ProjectRoot(), file).Replace('\\', '/'));
            }
        }

        return data;
    }

    private static string ProjectRoot([CallerFilePath] string thisFile = "") => Path.GetFullPath(Path.Combine(Path.GetDirectoryName(thisFile)!, ".."));
}
