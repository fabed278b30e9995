using System.Text.Json.Nodes;
using Shouldly;
using static RestoreMutator.Cli.Tests.Preview.PreviewFixtures;

namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>
/// SPEC N1-N4 offline: <c>preview --namespace-mapping old:new</c> shows the references to renamed
/// namespaces the webhook rewrites, and what it leaves (other namespaces, Secrets, N4 off).
/// </summary>
public sealed class PreviewNamespaceRefsTests : IDisposable
{
    private const string Manifests = """
        apiVersion: rbac.authorization.k8s.io/v1
        kind: RoleBinding
        metadata: {name: deployers, namespace: team-a}
        roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: edit}
        subjects:
        - {kind: ServiceAccount, name: deployer, namespace: team-a}
        - {kind: ServiceAccount, name: prometheus, namespace: monitoring}
        - {apiGroup: rbac.authorization.k8s.io, kind: User, name: "system:serviceaccount:team-a:builder"}
        ---
        apiVersion: authorization.openshift.io/v1
        kind: ClusterRoleBinding
        metadata: {name: team-a-viewers}
        roleRef: {name: view}
        subjects: [{kind: SystemGroup, name: "system:serviceaccounts:team-a"}]
        groupNames: ["system:serviceaccounts:team-a"]
        userNames: null
        ---
        apiVersion: networking.k8s.io/v1
        kind: NetworkPolicy
        metadata: {name: from-team-a, namespace: team-a}
        spec:
          podSelector: {}
          ingress:
          - from:
            - namespaceSelector:
                matchExpressions: [{key: kubernetes.io/metadata.name, operator: In, values: [team-a, monitoring]}]
        ---
        apiVersion: apps/v1
        kind: Deployment
        metadata:
          name: web
          namespace: team-a
          annotations:
            image.openshift.io/triggers: '[{"from":{"kind":"ImageStreamTag","name":"web:1","namespace":"team-a"},"fieldPath":"spec.template.spec.containers[0].image"}]'
        spec:
          template:
            spec:
              containers:
              - name: web
                image: registry.example.com/web:1
                env: [{name: DB, value: "db.team-a.svc.cluster.local:5432"}]
        ---
        apiVersion: v1
        kind: ConfigMap
        metadata: {name: settings, namespace: team-a}
        data: {url: "http://api.team-a.svc:8080"}
        ---
        apiVersion: v1
        kind: Secret
        metadata: {name: db, namespace: team-a}
        stringData: {url: "postgres://db.team-a.svc:5432/app"}
        """;

    private readonly TempTree _tree = new();

    public void Dispose() => _tree.Dispose();

    [Fact]
    public async Task Preview_NamespaceMappingFlag_RewritesEveryReferenceKind()
    {
        var config = _tree.Write("config.yaml", Config + "\nnamespaceRefs: {serviceDns: true}\n");
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", "--namespace-mapping", "team-a:team-b", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var byName = run.Records.ToDictionary(r => (string)r["name"]!);
        Replaced(byName["deployers"]).ShouldBe([
            "/subjects/0/namespace team-b",
            "/subjects/2/name system:serviceaccount:team-b:builder",
        ]);
        Replaced(byName["team-a-viewers"]).ShouldBe([
            "/subjects/0/name system:serviceaccounts:team-b",
            "/groupNames/0 system:serviceaccounts:team-b",
        ]);
        Replaced(byName["from-team-a"]).ShouldBe(["/spec/ingress/0/from/0/namespaceSelector/matchExpressions/0/values/0 team-b"]);
        Replaced(byName["web"]).ShouldBe([
            """/metadata/annotations/image.openshift.io~1triggers [{"from":{"kind":"ImageStreamTag","name":"web:1","namespace":"team-b"},"fieldPath":"spec.template.spec.containers[0].image"}]""",
            "/spec/template/spec/containers/0/env/0/value db.team-b.svc.cluster.local:5432",
        ]);
        Replaced(byName["settings"]).ShouldBe(["/data/url http://api.team-b.svc:8080"]);
        ((string?)byName["db"]["decision"]).ShouldBe("unchanged");
        foreach (var name in new[] { "deployers", "team-a-viewers", "from-team-a", "web", "settings" })
        {
            byName[name]["families"]!.AsArray().Select(f => (string?)f).ShouldContain("namespace-refs");
        }
    }

    [Fact]
    public async Task Preview_ServiceDnsOff_LeavesEnvAndConfigMaps()
    {
        var config = _tree.Write("config.yaml", Config);
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", "--namespace-mapping", "team-a:team-b", file);

        run.ExitCode.ShouldBe(0, run.Error);
        var byName = run.Records.ToDictionary(r => (string)r["name"]!);
        Replaced(byName["web"]).ShouldNotContain(op => op.StartsWith("/spec/template/spec/containers/0/env", StringComparison.Ordinal));
        ((string?)byName["settings"]["decision"]).ShouldBe("unchanged");
        ((string?)byName["settings"]["reason"]).ShouldBe("no rule handles ConfigMap");
    }

    [Fact]
    public async Task Preview_WithoutMapping_ChangesNoReference()
    {
        var config = _tree.Write("config.yaml", "lookups: off\nnamespaceRefs: {serviceDns: true}\n");
        var file = _tree.Write("m.yaml", Manifests);

        var run = await PreviewCli.RunAsync("preview", "--config", config, "-o", "json", file);

        run.ExitCode.ShouldBe(0, run.Error);
        run.Records.ShouldAllBe(r => (string?)r["decision"] == "unchanged");
    }

    /// <summary>The record's replace operations as "path value".</summary>
    private static List<string> Replaced(JsonObject record) =>
        record["operations"]!.AsArray()
            .Where(op => (string?)op!["op"] == "replace")
            .Select(op => $"{(string?)op!["path"]} {(string?)op["value"]}")
            .ToList();
}
