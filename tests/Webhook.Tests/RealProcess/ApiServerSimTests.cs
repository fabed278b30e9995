using System.Text.RegularExpressions;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.RealProcess;

/// <summary>
/// The end-to-end check as kube-apiserver calls the webhook (tests/e2e/apiserver-sim-check.sh):
/// every golden fixture and every example case answered by the real server over verified TLS, the
/// patch applied with evanphx/json-patch and compared, a second UPDATE pass with no operations
/// (S3), and malformed bodies answered 400/415/413 (A3). Needs Go; fails, never skips, without it.
/// </summary>
public sealed partial class ApiServerSimTests : IDisposable
{
    private readonly string _root = Path.Combine(Path.GetTempPath(), "rm-simtest-" + Guid.NewGuid().ToString("N")[..8]);

    public void Dispose()
    {
        if (Directory.Exists(_root))
        {
            Directory.Delete(_root, recursive: true);
        }
    }

    [Fact]
    public async Task CheckScript_AllFixturesAndExamples_PassUnderApiServerSim()
    {
        RequireGo();

        var (exitCode, output) = await CheckScript.RunAsync();

        exitCode.ShouldBe(0, output);
        output.ShouldContain("apiserver-sim-check: all passed");
        var totals = SimTotals().Matches(output).Select(m => (Passed: int.Parse(m.Groups[1].Value), Failed: int.Parse(m.Groups[2].Value))).ToList();
        totals.Count.ShouldBeGreaterThanOrEqualTo(2, output); // at least one fixture group and the examples (+ raw)
        totals.ShouldAllBe(t => t.Failed == 0 && t.Passed > 0, output);
        output.ShouldContain("PASS body over 7 MiB -> 413");
    }

    [Fact]
    public async Task CheckScript_ExpectationDiffersFromServer_FailsAndNamesTheFixture()
    {
        RequireGo();
        var fixtures = Path.Combine(_root, "Fixtures");
        CopyDirectory(Path.Combine(RepoPaths.Root, "tests", "Transforms.Tests", "Fixtures"), fixtures, "default-config.yaml", "scope/deployment-without-restore-label");
        var wrong = Path.Combine(fixtures, "scope", "deployment-without-restore-label");
        // Claims the server patches an unlabelled object: the real answer (no patch) must fail the check.
        await File.WriteAllTextAsync(Path.Combine(wrong, "operations.json"), """[{"op": "add", "path": "/metadata/labels/x", "value": "y"}]""");
        var expected = (await File.ReadAllTextAsync(Path.Combine(wrong, "input.json"))).Replace("\"app\": \"web\"\n    }", "\"app\": \"web\",\n      \"x\": \"y\"\n    }", StringComparison.Ordinal);
        expected.ShouldContain("\"x\": \"y\"");
        await File.WriteAllTextAsync(Path.Combine(wrong, "expected.json"), expected);
        // A fact only a cluster lookup gives (K3): reported as skipped, with the reason.
        var original = Path.Combine(RepoPaths.Root, "tests", "Transforms.Tests", "Fixtures", "scope", "deployment-without-restore-label");
        var lookupOnly = Path.Combine(fixtures, "scope", "needs-dockercfg-lookup");
        CopyDirectory(original, lookupOnly);
        await File.WriteAllTextAsync(Path.Combine(lookupOnly, "request.json"), """{"facts": {"dockercfgSecrets": {"default": "default-dockercfg-x"}}}""");
        // serverVersion (only /version gives it) runs with the version unknown, and says so.
        var versioned = Path.Combine(fixtures, "scope", "server-version-unknown");
        CopyDirectory(original, versioned);
        await File.WriteAllTextAsync(Path.Combine(versioned, "request.json"), """{"facts": {"serverVersion": "1.31"}}""");

        var (exitCode, output) = await CheckScript.RunAsync(new Dictionary<string, string> { ["FIXTURES_DIR"] = fixtures });

        exitCode.ShouldBe(1, output);
        output.ShouldContain("FAIL scope/deployment-without-restore-label");
        output.ShouldContain("1 passed, 1 failed");
        output.ShouldContain("skip scope/needs-dockercfg-lookup: facts.dockercfgSecrets: only a cluster lookup provides it");
        output.ShouldContain("note scope/server-version-unknown: facts.serverVersion has no config key");
        output.ShouldContain("apiserver-sim-check: FAILED");
    }

    private static void RequireGo()
    {
        if (GoToolchain.MissingReason() is { } reason)
        {
            Assert.Fail(reason);
        }
    }

    private static void CopyDirectory(string from, string to, params string[] only)
    {
        foreach (var file in Directory.EnumerateFiles(from, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(from, file).Replace('\\', '/');
            if (only.Length > 0 && !only.Any(o => relative == o || relative.StartsWith(o + "/", StringComparison.Ordinal)))
            {
                continue;
            }

            var target = Path.Combine(to, relative);
            Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(file, target);
        }
    }

    [GeneratedRegex(@"^(\d+) passed, (\d+) failed$", RegexOptions.Multiline)]
    private static partial Regex SimTotals();
}
