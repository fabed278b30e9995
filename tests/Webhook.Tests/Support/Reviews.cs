using System.Text;
using System.Text.Json.Nodes;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Builds AdmissionReviews as the API server sends them, and reads answers.</summary>
public static class Reviews
{
    public static JsonObject Deployment(bool restored = true, string image = "docker-registry.default.svc:5000/shop-old/web:1.4")
    {
        var labels = new JsonObject { ["app"] = "web" };
        if (restored)
        {
            labels["velero.io/restore-name"] = "nightly-20261120";
            labels["velero.io/backup-name"] = "nightly";
        }

        return new JsonObject
        {
            ["apiVersion"] = "apps/v1",
            ["kind"] = "Deployment",
            ["metadata"] = new JsonObject
            {
                ["name"] = "web",
                ["namespace"] = "shop",
                ["labels"] = labels,
                ["annotations"] = new JsonObject { ["openshift.io/backup-registry-hostname"] = "docker-registry.default.svc:5000" },
            },
            ["spec"] = new JsonObject
            {
                ["replicas"] = 2,
                ["selector"] = new JsonObject { ["matchLabels"] = new JsonObject { ["app"] = "web" } },
                ["template"] = new JsonObject
                {
                    ["metadata"] = new JsonObject { ["labels"] = new JsonObject { ["app"] = "web" } },
                    ["spec"] = new JsonObject
                    {
                        ["containers"] = new JsonArray(new JsonObject { ["name"] = "web", ["image"] = image }),
                    },
                },
            },
        };
    }

    public static JsonObject Review(JsonObject? obj, string operation = "CREATE", string apiVersion = "admission.k8s.io/v1",
        string uid = "6b2d3b5e-1f9a-4c43-9d41-0c7e2a1b9f00", string group = "apps", string kind = "Deployment", string resource = "deployments",
        string? subResource = null, bool dryRun = false)
    {
        var request = new JsonObject
        {
            ["uid"] = uid,
            ["kind"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["kind"] = kind },
            ["resource"] = new JsonObject { ["group"] = group, ["version"] = "v1", ["resource"] = resource },
            ["name"] = (string?)obj?["metadata"]?["name"] ?? "web",
            ["namespace"] = (string?)obj?["metadata"]?["namespace"] ?? "shop",
            ["operation"] = operation,
            ["userInfo"] = new JsonObject { ["username"] = "system:serviceaccount:velero:velero" },
            ["object"] = obj?.DeepClone(),
            ["oldObject"] = operation == "UPDATE" ? obj?.DeepClone() : null,
            ["dryRun"] = dryRun,
        };
        if (subResource is not null)
        {
            request["subResource"] = subResource;
        }

        return new JsonObject { ["apiVersion"] = apiVersion, ["kind"] = "AdmissionReview", ["request"] = request };
    }

    /// <summary>The decoded JSON patch of an answer, or null when it has none.</summary>
    public static JsonArray? Patch(JsonObject answer)
    {
        var patch = (string?)answer["response"]?["patch"];
        return patch is null ? null : JsonNode.Parse(Encoding.UTF8.GetString(Convert.FromBase64String(patch)))!.AsArray();
    }
}
