using System.Text;
using RestoreMutator.Webhook.Tests.Admission;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Fuzz;

/// <summary>
/// The hostile-input corpus is the admission fuzz target's seed corpus: every body of
/// <see cref="HostileInputTests"/> (and the bodies of the real-process corpus) small enough for a
/// seed is kept byte for byte in <c>fuzz/seeds/admission/</c>. Set RESTORE_MUTATOR_UPDATE_GOLDEN=1 to
/// rewrite the folder after changing the corpus, and review the diff.
/// </summary>
public class HostileSeedTests
{
    /// <summary>AFL++ mutates small inputs best; the multi-MiB and 10,000-deep cases stay test-only.</summary>
    private const int MaxSeedBytes = 16 * 1024;

    private static readonly string SeedDirectory = Path.Combine(RepoPaths.Root, "fuzz", "seeds", "admission");

    [Fact]
    public void HostileCorpus_SmallJsonBodies_AreTheCommittedAdmissionSeeds()
    {
        var expected = Seeds();
        if (Environment.GetEnvironmentVariable("RESTORE_MUTATOR_UPDATE_GOLDEN") == "1")
        {
            Directory.CreateDirectory(SeedDirectory);
            foreach (var stale in Directory.EnumerateFiles(SeedDirectory))
            {
                File.Delete(stale);
            }

            foreach (var (name, body) in expected)
            {
                File.WriteAllBytes(Path.Combine(SeedDirectory, name), body);
            }

            return;
        }

        var committed = Directory.Exists(SeedDirectory) ? Directory.EnumerateFiles(SeedDirectory).Select(f => Path.GetFileName(f)).Order(StringComparer.Ordinal).ToList() : [];
        committed.ShouldBe(expected.Keys.Order(StringComparer.Ordinal).ToList(), "fuzz/seeds/admission is out of date: run RESTORE_MUTATOR_UPDATE_GOLDEN=1 dotnet test --filter HostileSeedTests");
        foreach (var (name, body) in expected)
        {
            File.ReadAllBytes(Path.Combine(SeedDirectory, name)).ShouldBe(body, $"fuzz/seeds/admission/{name} differs from its hostile case");
        }
    }

    private static Dictionary<string, byte[]> Seeds()
    {
        var seeds = new Dictionary<string, byte[]>(StringComparer.Ordinal)
        {
            // RealHostileInputTests' bodies: a lone invalid byte, and a BOM before a good review.
            ["real-process-lone-0xff.json"] = [(byte)'{', 0xFF, (byte)'}'],
            ["real-process-bom-review.json"] = [0xEF, 0xBB, 0xBF, .. Encoding.UTF8.GetBytes(Reviews.Review(Reviews.Deployment()).ToJsonString())],
        };
        foreach (var (name, hostile) in HostileInputTests.Cases)
        {
            if (hostile.ContentType != "application/json" || hostile.Chunked)
            {
                continue;
            }

            var body = hostile.Body();
            if (body.Length is > 0 and <= MaxSeedBytes)
            {
                seeds[Slug(name) + ".json"] = body;
            }
        }

        return seeds;
    }

    private static string Slug(string name) =>
        new string(name.Select(c => char.IsAsciiLetterOrDigit(c) ? char.ToLowerInvariant(c) : '-').ToArray()).Trim('-');
}
