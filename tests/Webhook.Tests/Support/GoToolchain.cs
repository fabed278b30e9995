namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// What apiserver-sim (../shared/tools/apiserver-sim) needs to build: Go and Debian's copy of
/// evanphx/json-patch, the library kube-apiserver applies webhook patches with.
/// </summary>
public static class GoToolchain
{
    public const string JsonPatchSource = "/usr/share/gocode/src/github.com/evanphx/json-patch";

    /// <summary>Why apiserver-sim cannot be built here, with how to fix it; null when it can.</summary>
    public static string? MissingReason()
    {
        var go = (Environment.GetEnvironmentVariable("PATH") ?? string.Empty)
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Any(directory => File.Exists(Path.Combine(directory, "go")));
        var missing = new List<string>();
        if (!go)
        {
            missing.Add("the Go toolchain (go is not on PATH)");
        }

        if (!Directory.Exists(JsonPatchSource))
        {
            missing.Add("evanphx/json-patch (" + JsonPatchSource + " is missing)");
        }

        return missing.Count == 0
            ? null
            : "The apiserver-sim end-to-end check needs " + string.Join(" and ", missing)
              + ". Install them with: sudo apt-get install golang-go golang-github-evanphx-json-patch-dev"
              + " (.ci/run does this on CI machines), then re-run the tests.";
    }
}
