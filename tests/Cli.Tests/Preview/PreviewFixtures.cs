namespace RestoreMutator.Cli.Tests.Preview;

/// <summary>Configs and objects used by the preview tests.</summary>
public static class PreviewFixtures
{
    public const string Config = """
        lookups: off
        server: {tls: {certFile: "", keyFile: ""}}
        namespaceMapping: {shop-old: shop}
        registry:
          destination: image-registry.openshift-image-registry.svc:5000
        """;

    /// <summary>The repository root (where RestoreMutator.slnx is).</summary>
    public static string RepositoryRoot { get; } = FindRoot();

    public static string DeploymentJson(string name, string ns) => $$$"""
        {
          "apiVersion": "apps/v1",
          "kind": "Deployment",
          "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}", "uid": "u-{{{name}}}", "resourceVersion": "7", "labels": {"app": "{{{name}}}"}},
          "spec": {"template": {"spec": {"containers": [{"name": "c", "image": "quay.io/acme/{{{name}}}:1"}]} } },
          "status": {"replicas": 1}
        }
        """;

    public static string ConfigMapJson(string name, string ns) => $$$"""
        {"apiVersion": "v1", "kind": "ConfigMap", "metadata": {"name": "{{{name}}}", "namespace": "{{{ns}}}"}, "data": {"k": "v"}}
        """;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "RestoreMutator.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("repository root not found");
    }
}
