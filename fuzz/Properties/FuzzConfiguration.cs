using RestoreMutator.Transforms.Configuration;
using RestoreMutator.Transforms.Rules;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// The fixed configurations the admission target runs every input under. Between them every
/// built-in family is on and each of its modes is used once (generated hosts removed and
/// rewritten, skips answered with 409 and 403, every destination fact known and unknown), so a
/// body reaches every rule whatever it contains.
/// </summary>
public static class FuzzConfiguration
{
    /// <summary>Everything on, every cluster fact known (a lookup that answered everything).</summary>
    public const string Everything = """
        restoreLabels: [velero.io/restore-name, restore.example.com/name]
        namespaceMapping: {shop-old: shop, team-a: team-b, team-b: team-c}
        registry:
          destination: image-registry.openshift-image-registry.svc:5000
          rewrites:
            - {from: quay.io/acme, to: mirror.example.com/acme}
            - {from: docker.io, to: mirror.example.com/dockerhub}
            - {from: "registry.example.com:5000/team", to: mirror.example.com/team}
        routes:
          generatedHosts: rewrite
          destinationDomain: apps.new.example.com
          domainRewrites:
            - {from: apps.old.example.com, to: apps.new.example.com}
            - {from: internal.apps.old.example.com, to: internal.example.net}
        pods: {skipManaged: true, skipBuildPods: true}
        builds: {skip: true}
        skipResponse: warn
        nodes:
          mapping: {worker-old-1: worker-new-1, worker-old-2: worker-new-2}
        storageClasses: {gp2: gp3-csi, standard: standard-csi}
        rules:
          - name: standby
            match: {kinds: [apps/Deployment, apps/StatefulSet], fields: [{path: /spec/replicas, exists: true}]}
            patch: [{op: replace, path: /spec/replicas, value: 1}]
          - name: dr-labels
            match: {kinds: ["*"], labelSelector: {matchLabels: {app: web}}}
            mergePatch: {metadata: {labels: {dr: restored}, annotations: {stale.example.com/owner: null}}}
          - name: db-host
            match: {kinds: [apps/*, Pod], namespaces: ["sh*"]}
            replace: [{path: /spec/template/spec/containers/*/env/*/value, regex: 'db\.old\.example\.com', with: db.new.example.com}]
          - name: no-nodename
            match: {kinds: [Pod]}
            patch: [{op: remove, path: /spec/nodeName}]
        """;

    /// <summary>The other modes: hosts removed, skips denied (403), builds and managed pods mutated, no destination known.</summary>
    public const string OtherModes = """
        restoreLabels: [velero.io/restore-name]
        registry:
          rewrites:
            - {from: docker.io/library, to: mirror.example.com/library}
            - {from: "localhost:5000", to: mirror.example.com/local}
        routes:
          generatedHosts: remove
          domainRewrites:
            - {from: example.com, to: apps.example.com}
        pods: {skipManaged: false, skipBuildPods: false}
        builds: {skip: false}
        skipResponse: deny
        nodes:
          mapping: {node-a: node-b}
        storageClasses: {gp2: gp3}
        """;

    /// <summary>Facts of <see cref="Everything"/>: what a cluster lookup that found everything returns (K1-K3).</summary>
    public static ClusterFacts EverythingFacts(MutationSettings settings)
    {
        ArgumentNullException.ThrowIfNull(settings);
        return new ClusterFacts
        {
            DestinationRegistry = settings.Registry.Destination,
            ServerVersion = "4.14",
            AppsDomain = settings.Routes.DestinationDomain,
            NamespaceMapping = settings.NamespaceMapping,
            DockercfgSecrets = new Dictionary<string, string>(StringComparer.Ordinal)
            {
                ["default"] = "default-dockercfg-x7k2p",
                ["builder"] = "builder-dockercfg-m4q9z",
                ["deployer"] = "deployer-dockercfg-c8w3n",
            },
        };
    }

    /// <summary>Loads one of the configurations above; they are part of the harness, so an error is a bug here.</summary>
    public static MutationSettings Load(string yaml)
    {
        var result = SettingsLoader.Load(yaml);
        return result.Succeeded
            ? result.Settings!
            : throw new InvalidOperationException("fuzz configuration does not load: " + string.Join("; ", result.Errors));
    }
}
