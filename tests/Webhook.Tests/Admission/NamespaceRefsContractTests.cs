using System.Text.Json.Nodes;
using RestoreMutator.Webhook.Tests.Support;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Admission;

/// <summary>
/// SPEC N1, N4 through POST /mutate: the served pipeline routes RBAC bindings (a cluster-scoped
/// ClusterRoleBinding included) and, with <c>namespaceRefs.serviceDns</c>, ConfigMaps; the patch
/// applies and a second pass over the result changes nothing.
/// </summary>
public class NamespaceRefsContractTests
{
    private const string ServiceDnsConfig = InMemoryWebhook.DefaultConfig + "\nnamespaceRefs: {serviceDns: true}\n";

    private static JsonObject Restored(JsonObject obj)
    {
        obj["metadata"]!["labels"] = new JsonObject { ["velero.io/restore-name"] = "nightly-20261120" };
        return obj;
    }

    private static JsonObject ClusterRoleBinding() => Restored(new JsonObject
    {
        ["apiVersion"] = "rbac.authorization.k8s.io/v1",
        ["kind"] = "ClusterRoleBinding",
        ["metadata"] = new JsonObject { ["name"] = "shop-metrics" },
        ["roleRef"] = new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "ClusterRole", ["name"] = "view" },
        ["subjects"] = new JsonArray(
            new JsonObject { ["kind"] = "ServiceAccount", ["name"] = "metrics", ["namespace"] = "shop-old" },
            new JsonObject { ["apiGroup"] = "rbac.authorization.k8s.io", ["kind"] = "Group", ["name"] = "system:serviceaccounts:shop-old" }),
    });

    private static JsonObject ConfigMap() => Restored(new JsonObject
    {
        ["apiVersion"] = "v1",
        ["kind"] = "ConfigMap",
        ["metadata"] = new JsonObject { ["name"] = "web-config", ["namespace"] = "shop" },
        ["data"] = new JsonObject { ["DATABASE_URL"] = "postgres://db.shop-old.svc.cluster.local:5432/shop" },
    });

    [Fact]
    public async Task Mutate_ClusterRoleBinding_MapsSubjectsAndIsStable()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();
        var input = ClusterRoleBinding();

        var answer = await webhook.ReviewAsync(Reviews.Review(input, group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", resource: "clusterrolebindings"));
        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer).ShouldNotBeNull());

        ((string?)patched["subjects"]![0]!["namespace"]).ShouldBe("shop");
        ((string?)patched["subjects"]![1]!["name"]).ShouldBe("system:serviceaccounts:shop");
        ((string?)answer["response"]!["auditAnnotations"]!["applied"]).ShouldBe("namespace-refs");
        var again = await webhook.ReviewAsync(Reviews.Review(patched.AsObject(), operation: "UPDATE", group: "rbac.authorization.k8s.io", kind: "ClusterRoleBinding", resource: "clusterrolebindings"));
        Reviews.Patch(again).ShouldBeNull();
    }

    [Fact]
    public async Task Mutate_ConfigMapWithServiceDns_RewritesTheServiceName()
    {
        await using var webhook = await InMemoryWebhook.StartAsync(ServiceDnsConfig);
        var input = ConfigMap();

        var answer = await webhook.ReviewAsync(Reviews.Review(input, group: "", kind: "ConfigMap", resource: "configmaps"));
        var patched = JsonPatchOracle.Apply(input, Reviews.Patch(answer).ShouldNotBeNull());

        ((string?)patched["data"]!["DATABASE_URL"]).ShouldBe("postgres://db.shop.svc.cluster.local:5432/shop");
    }

    [Fact]
    public async Task Mutate_ConfigMapWithoutServiceDns_IsLeftAlone()
    {
        await using var webhook = await InMemoryWebhook.StartAsync();

        var answer = await webhook.ReviewAsync(Reviews.Review(ConfigMap(), group: "", kind: "ConfigMap", resource: "configmaps"));

        ((bool)answer["response"]!["allowed"]!).ShouldBeTrue();
        Reviews.Patch(answer).ShouldBeNull();
    }
}
