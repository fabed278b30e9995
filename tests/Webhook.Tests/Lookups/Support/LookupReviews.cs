using System.Text.Json.Nodes;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>Restored objects as Velero creates them in namespace <c>shop</c> (restore <c>nightly-20261120</c>).</summary>
public static class LookupReviews
{
    public static JsonObject Deployment() => RestoreMutator.Webhook.Tests.Support.Reviews.Deployment();

    public static JsonObject Pod(params string[] pullSecrets) => new()
    {
        ["apiVersion"] = "v1",
        ["kind"] = "Pod",
        ["metadata"] = new JsonObject
        {
            ["name"] = "standalone",
            ["namespace"] = "shop",
            ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120", ["velero.io/backup-name"] = "nightly" },
        },
        ["spec"] = new JsonObject
        {
            ["containers"] = new JsonArray(new JsonObject { ["name"] = "app", ["image"] = "image-registry.openshift-image-registry.svc:5000/shop/app:1" }),
            ["imagePullSecrets"] = new JsonArray(pullSecrets.Select(name => (JsonNode)new JsonObject { ["name"] = name }).ToArray()),
        },
    };

    public static JsonObject BuildConfig() => new()
    {
        ["apiVersion"] = "build.openshift.io/v1",
        ["kind"] = "BuildConfig",
        ["metadata"] = new JsonObject
        {
            ["name"] = "app",
            ["namespace"] = "shop",
            ["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120" },
        },
        ["spec"] = new JsonObject
        {
            ["output"] = new JsonObject
            {
                ["to"] = new JsonObject { ["kind"] = "ImageStreamTag", ["name"] = "app:latest" },
                ["pushSecret"] = new JsonObject { ["name"] = "builder-dockercfg-abc12" },
            },
            ["strategy"] = new JsonObject
            {
                ["type"] = "Source",
                ["sourceStrategy"] = new JsonObject
                {
                    ["from"] = new JsonObject { ["kind"] = "ImageStreamTag", ["namespace"] = "openshift", ["name"] = "nodejs:16" },
                    ["pullSecret"] = new JsonObject { ["name"] = "builder-dockercfg-abc12" },
                },
            },
        },
    };
}
