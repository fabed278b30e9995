using System.Text.Json;
using System.Text.Json.Nodes;

namespace RestoreMutator.Transforms.Benchmarks;

/// <summary>
/// One sample object: a bench/loadgen case file from <c>Samples/</c> (the same files bench/load.sh
/// sends), turned into the AdmissionReview bytes the API server would send for it.
/// </summary>
public static class Sample
{
    /// <summary>The samples every benchmark runs on, smallest first.</summary>
    public static readonly string[] Names = ["route", "buildconfig", "deployment-8img", "pod-5k", "deployment-10k", "deployment-1mib", "deployment-3mib"];

    /// <summary>
    /// The samples to run: <see cref="Names"/>, or the comma-separated list in BENCH_SAMPLES
    /// (<c>BENCH_SAMPLES=deployment-8img</c> for a quick run).
    /// </summary>
    public static IEnumerable<string> Selected =>
        Environment.GetEnvironmentVariable("BENCH_SAMPLES") is { Length: > 0 } list ? list.Split(',', StringSplitOptions.TrimEntries) : Names;

    public static string Directory => Path.Combine(AppContext.BaseDirectory, "Samples");

    /// <summary>The configuration shared with bench/load.sh (webhook keys such as <c>lookups</c> included).</summary>
    public static string ConfigYaml => File.ReadAllText(Path.Combine(Directory, "config.yaml"));

    /// <summary>
    /// Only the rules part of <see cref="ConfigYaml"/>, for <c>SettingsLoader</c>, which refuses the
    /// webhook's own top-level keys (<c>lookups</c>).
    /// </summary>
    public static string RulesConfigYaml => string.Join('\n', ConfigYaml.Split('\n').Where(line => !line.StartsWith("lookups:", StringComparison.Ordinal)));

    /// <summary>
    /// The review as UTF-8 JSON: the case's request filled in like bench/loadgen (and the API
    /// server) fill it: uid, userInfo, requestKind/requestResource, options, dryRun, oldObject.
    /// </summary>
    public static byte[] ReviewBytes(string name)
    {
        var caseFile = JsonNode.Parse(File.ReadAllBytes(Path.Combine(Directory, name + ".json")))!.AsObject();
        var request = caseFile["request"]!.AsObject().DeepClone().AsObject();
        request["uid"] = "0000beef-sim0-4000-8000-000000000001";
        request["requestKind"] = request["kind"]!.DeepClone();
        request["requestResource"] = request["resource"]!.DeepClone();
        request["userInfo"] = new JsonObject
        {
            ["username"] = "system:serviceaccount:velero:velero",
            ["uid"] = "5f1c",
            ["groups"] = new JsonArray("system:serviceaccounts", "system:serviceaccounts:velero", "system:authenticated"),
        };
        request["dryRun"] = false;
        request["options"] = new JsonObject { ["kind"] = "CreateOptions", ["apiVersion"] = "meta.k8s.io/v1" };
        request["oldObject"] = null;
        var review = new JsonObject
        {
            ["kind"] = "AdmissionReview",
            ["apiVersion"] = "admission.k8s.io/v1",
            ["request"] = request,
        };
        return JsonSerializer.SerializeToUtf8Bytes(review);
    }
}
