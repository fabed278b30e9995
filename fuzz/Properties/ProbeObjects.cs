using System.Text.Json;
using RestoreMutator.Transforms.Admission;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>
/// Restored objects of the kinds every family reads, run through each configuration the config
/// target loads: a configuration that validates must give a pipeline whose patches apply and are
/// stable (S3) on ordinary objects, or validation let something through that the rules cannot use.
/// </summary>
public static class ProbeObjects
{
    private const string Labels = "\"labels\":{\"velero.io/restore-name\":\"nightly-1\",\"restore.example.com/name\":\"nightly-1\",\"app\":\"web\"}";

    private const string Annotations = "\"annotations\":{\"openshift.io/backup-registry-hostname\":\"docker-registry.default.svc:5000\",\"openshift.io/backup-server-version\":\"1.11\"}";

    private static readonly string[] Objects =
    [
        "{\"apiVersion\":\"v1\",\"kind\":\"Pod\",\"metadata\":{\"name\":\"web-1\",\"namespace\":\"shop\"," + Labels + "," + Annotations + "},"
            + "\"spec\":{\"nodeName\":\"worker-old-1\",\"serviceAccountName\":\"default\",\"imagePullSecrets\":[{\"name\":\"default-dockercfg-old12\"}],"
            + "\"initContainers\":[{\"name\":\"restore-wait\",\"image\":\"velero/velero-restore-helper:v1.14\"},{\"name\":\"init\",\"image\":\"quay.io/acme/init:1\"}],"
            + "\"containers\":[{\"name\":\"web\",\"image\":\"docker-registry.default.svc:5000/shop-old/web:1.4\"},{\"name\":\"side\",\"image\":\"nginx:1.25\"},"
            + "{\"name\":\"db\",\"image\":\"docker-registry.default.svc:5000/openshift/postgresql@sha256:4c0ffee0a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c\"}]}}",
        "{\"apiVersion\":\"apps/v1\",\"kind\":\"Deployment\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"," + Labels + "," + Annotations + "},"
            + "\"spec\":{\"replicas\":2,\"template\":{\"metadata\":{\"labels\":{\"app\":\"web\"}},\"spec\":{\"nodeSelector\":{\"kubernetes.io/hostname\":\"node-a\"},"
            + "\"containers\":[{\"name\":\"web\",\"image\":\"registry.example.com:5000/team/web:2\"},{\"name\":\"cache\",\"image\":\"localhost:5000/cache\"}]}}}}",
        "{\"apiVersion\":\"route.openshift.io/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"," + Labels
            + ",\"annotations\":{\"openshift.io/host.generated\":\"true\"}},\"spec\":{\"host\":\"web-shop-old.apps.old.example.com\",\"to\":{\"kind\":\"Service\",\"name\":\"web\"}}}",
        "{\"apiVersion\":\"route.openshift.io/v1\",\"kind\":\"Route\",\"metadata\":{\"name\":\"api\",\"namespace\":\"shop\"," + Labels
            + "},\"spec\":{\"host\":\"api.internal.apps.old.example.com\",\"to\":{\"kind\":\"Service\",\"name\":\"api\"}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"PersistentVolumeClaim\",\"metadata\":{\"name\":\"data\",\"namespace\":\"shop\"," + Labels
            + ",\"annotations\":{\"volume.kubernetes.io/selected-node\":\"worker-old-1\",\"pv.kubernetes.io/bind-completed\":\"yes\"}},"
            + "\"spec\":{\"storageClassName\":\"gp2\",\"volumeName\":\"pvc-123\",\"accessModes\":[\"ReadWriteOnce\"]}}",
        "{\"apiVersion\":\"build.openshift.io/v1\",\"kind\":\"BuildConfig\",\"metadata\":{\"name\":\"web\",\"namespace\":\"shop\"," + Labels + "," + Annotations + "},"
            + "\"spec\":{\"output\":{\"to\":{\"kind\":\"DockerImage\",\"name\":\"docker-registry.default.svc:5000/shop-old/web:latest\"}},"
            + "\"strategy\":{\"dockerStrategy\":{\"from\":{\"kind\":\"DockerImage\",\"name\":\"docker.io/library/python:3\"}}}}}",
        "{\"apiVersion\":\"v1\",\"kind\":\"ServiceAccount\",\"metadata\":{\"name\":\"builder\",\"namespace\":\"shop\"," + Labels + "},"
            + "\"secrets\":[{\"name\":\"builder-dockercfg-old12\"}],\"imagePullSecrets\":[{\"name\":\"builder-dockercfg-old12\"}]}",
    ];

    /// <summary>Checks every probe object, as a CREATE, with <paramref name="properties"/>.</summary>
    public static void CheckAll(AdmissionProperties properties)
    {
        ArgumentNullException.ThrowIfNull(properties);
        ForEach(request => properties.CheckRequest(AdmissionReview.V1, request));
    }

    /// <summary>Runs <paramref name="check"/> on every probe object, as a CREATE (the request lives as long as the call).</summary>
    public static void ForEach(Action<AdmissionRequest> check)
    {
        ArgumentNullException.ThrowIfNull(check);
        foreach (var json in Objects)
        {
            using var document = JsonDocument.Parse(json);
            var root = document.RootElement;
            var apiVersion = root.GetProperty("apiVersion").GetString()!;
            var slash = apiVersion.IndexOf('/', StringComparison.Ordinal);
            var kind = root.GetProperty("kind").GetString()!;
            var metadata = root.GetProperty("metadata");
            check(new AdmissionRequest
            {
                Uid = "5d1c3f0e-fuzz-probe",
                Kind = new GroupVersionKind(slash < 0 ? string.Empty : apiVersion[..slash], slash < 0 ? apiVersion : apiVersion[(slash + 1)..], kind),
                Resource = kind.ToLowerInvariant() + "s",
                Name = metadata.GetProperty("name").GetString()!,
                Namespace = metadata.GetProperty("namespace").GetString()!,
                Operation = AdmissionOperation.Create,
                Object = root,
            });
        }
    }
}
