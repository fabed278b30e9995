using System.Net;
using System.Text;
using DotNet.Testcontainers.Builders;
using k8s;
using k8s.Autorest;
using k8s.Models;
using Testcontainers.K3s;

namespace RestoreMutator.Integration.Tests.Support;

/// <summary>
/// A real Kubernetes API server (k3s in a container) with restore-mutator installed the way a
/// cluster admin installs it: the built server runs as a process on the host, a
/// MutatingWebhookConfiguration points the API server at it (the host is reached from the container
/// through the Docker host gateway, <see cref="HostName"/>, with a certificate for that name), and a
/// Velero Restore CRD and Restore exist for its lookups (K1). Where Docker is not available,
/// <see cref="Unavailable"/> says why and nothing is started.
/// </summary>
public sealed class RestoreCluster : IAsyncLifetime
{
    /// <summary>Pinned so a new k3s release cannot change the test's API server under it.</summary>
    public const string Image = "rancher/k3s:v1.31.6-k3s1";

    /// <summary>How the API server in the container names the host (mapped to Docker's host-gateway).</summary>
    public const string HostName = "host.docker.internal";

    public const string Namespace = "shop";
    public const string RestoreName = "nightly";

    private readonly string _directory = Directory.CreateTempSubdirectory("restore-mutator-integration-").FullName;
    private K3sContainer? _container;
    private WebhookServer? _webhook;
    private Kubernetes? _api;

    /// <summary>Why the cluster could not be started (no Docker); null when it runs.</summary>
    public string? Unavailable { get; private set; }

    public IKubernetes Api => _api ?? throw new InvalidOperationException(Unavailable);

    /// <summary>What the webhook process wrote, for failure messages.</summary>
    public string WebhookOutput => _webhook?.Output ?? string.Empty;

    public async ValueTask InitializeAsync()
    {
        try
        {
            _container = new K3sBuilder(Image).WithExtraHost(HostName, "host-gateway").Build();
        }
        catch (DockerUnavailableException e)
        {
            Unavailable = "Docker is not available, so no Kubernetes API server can be started: " + e.Message.Split('\n')[0];
            return;
        }

        await _container.StartAsync();
        var kubeconfig = await _container.GetKubeconfigAsync();
        var kubeconfigPath = Path.Combine(_directory, "kubeconfig");
        await File.WriteAllTextAsync(kubeconfigPath, kubeconfig);
        _api = new Kubernetes(KubernetesClientConfiguration.BuildConfigFromConfigFile(kubeconfigPath));

        var certificates = WebhookCertificates.Write(_directory, HostName);
        _webhook = WebhookServer.Start(_directory, certificates, kubeconfigPath);
        await _webhook.WaitReadyAsync(certificates.CaPem, TimeSpan.FromSeconds(60));

        await CreateVeleroAsync();
        await _api.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = Namespace } });
        await _api.AdmissionregistrationV1.CreateMutatingWebhookConfigurationAsync(WebhookConfiguration(certificates.CaPem, _webhook.Port));
        await WaitForWebhookAsync();
    }

    /// <summary>A Pod as Velero creates it in <see cref="Namespace"/>: restore labels, one container.</summary>
    public static V1Pod RestoredPod(string name, string image, IDictionary<string, string>? labels = null) => new()
    {
        Metadata = new V1ObjectMeta
        {
            Name = name,
            NamespaceProperty = Namespace,
            Labels = new Dictionary<string, string>(labels ?? new Dictionary<string, string>())
            {
                ["velero.io/restore-name"] = RestoreName,
                ["velero.io/backup-name"] = "nightly-backup",
            },
        },
        Spec = new V1PodSpec
        {
            RestartPolicy = "Never",
            Containers = [new V1Container { Name = "app", Image = image }],
        },
    };

    /// <summary>A minimal Velero: the Restore CRD (schema-less, as far as this test needs) and a Restore whose hook selects <c>app: hooked</c> pods of the source namespace.</summary>
    private async Task CreateVeleroAsync()
    {
        await _api!.ApiextensionsV1.CreateCustomResourceDefinitionAsync(new V1CustomResourceDefinition
        {
            Metadata = new V1ObjectMeta { Name = "restores.velero.io" },
            Spec = new V1CustomResourceDefinitionSpec
            {
                Group = "velero.io",
                Scope = "Namespaced",
                Names = new V1CustomResourceDefinitionNames { Plural = "restores", Singular = "restore", Kind = "Restore", ListKind = "RestoreList" },
                Versions =
                [
                    new V1CustomResourceDefinitionVersion
                    {
                        Name = "v1",
                        Served = true,
                        Storage = true,
                        Schema = new V1CustomResourceValidation { OpenAPIV3Schema = new V1JSONSchemaProps { Type = "object", XKubernetesPreserveUnknownFields = true } },
                    },
                ],
            },
        });
        await _api.CoreV1.CreateNamespaceAsync(new V1Namespace { Metadata = new V1ObjectMeta { Name = "velero" } });
        var restore = new Dictionary<string, object>
        {
            ["apiVersion"] = "velero.io/v1",
            ["kind"] = "Restore",
            ["metadata"] = new Dictionary<string, object> { ["name"] = RestoreName, ["namespace"] = "velero" },
            ["spec"] = new Dictionary<string, object>
            {
                ["backupName"] = "nightly-backup",
                ["namespaceMapping"] = new Dictionary<string, string> { ["shop-old"] = Namespace },
                ["hooks"] = new Dictionary<string, object>
                {
                    ["resources"] = new object[]
                    {
                        new Dictionary<string, object>
                        {
                            ["name"] = "warm-cache",
                            ["includedNamespaces"] = new[] { "shop-old" },
                            ["labelSelector"] = new Dictionary<string, object> { ["matchLabels"] = new Dictionary<string, string> { ["app"] = "hooked" } },
                            ["postHooks"] = new object[] { new Dictionary<string, object> { ["exec"] = new Dictionary<string, object> { ["command"] = new[] { "true" } } } },
                        },
                    },
                },
            },
        };

        // The CRD is served a moment after it is created.
        await RetryAsync(() => _api.CustomObjects.CreateNamespacedCustomObjectAsync(restore, "velero.io", "v1", "velero", "restores"), TimeSpan.FromSeconds(60));
    }

    private static V1MutatingWebhookConfiguration WebhookConfiguration(string caPem, int port) => new()
    {
        Metadata = new V1ObjectMeta { Name = "restore-mutator-integration" },
        Webhooks =
        [
            new V1MutatingWebhook
            {
                Name = "restore-mutator.restore-mutator.io",
                ClientConfig = new Admissionregistrationv1WebhookClientConfig { Url = $"https://{HostName}:{port}/mutate", CaBundle = Encoding.ASCII.GetBytes(caPem) },
                Rules = [new V1RuleWithOperations { ApiGroups = [""], ApiVersions = ["v1"], Operations = ["CREATE", "UPDATE"], Resources = ["pods"], Scope = "Namespaced" }],
                ObjectSelector = new V1LabelSelector { MatchExpressions = [new V1LabelSelectorRequirement { Key = "velero.io/restore-name", OperatorProperty = "Exists" }] },
                NamespaceSelector = new V1LabelSelector
                {
                    MatchExpressions = [new V1LabelSelectorRequirement { Key = "kubernetes.io/metadata.name", OperatorProperty = "NotIn", Values = ["kube-system", "velero"] }],
                },
                SideEffects = "None",
                AdmissionReviewVersions = ["v1"],
                FailurePolicy = "Fail",
                ReinvocationPolicy = "IfNeeded",
                TimeoutSeconds = 10,
            },
        ],
    };

    /// <summary>
    /// The API server applies a new webhook configuration after a short delay, and the webhook's
    /// first lookups are cold: dry-run a pod that only a working webhook with a read Restore keeps
    /// and rewrites, until it does.
    /// </summary>
    private async Task WaitForWebhookAsync()
    {
        var probe = RestoredPod("probe", "quay.io/acme/probe:1", new Dictionary<string, string> { ["app"] = "hooked", ["pod-template-hash"] = "5f7c9" });
        await RetryAsync(async () =>
        {
            var created = await _api!.CoreV1.CreateNamespacedPodAsync(probe, Namespace, dryRun: "All");
            if (created.Spec.Containers[0].Image != "mirror.example.com/acme/probe:1")
            {
                throw new InvalidOperationException("the webhook is not called yet");
            }
        }, TimeSpan.FromSeconds(90));
    }

    private async Task RetryAsync(Func<Task> action, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            try
            {
                await action();
                return;
            }
            catch (Exception e) when ((e is HttpOperationException or InvalidOperationException or HttpRequestException) && DateTime.UtcNow < deadline)
            {
                await Task.Delay(1000);
            }
            catch (Exception e)
            {
                throw new InvalidOperationException($"{e.Message} {(e as HttpOperationException)?.Response?.Content}\nwebhook output:\n{WebhookOutput}", e);
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_webhook is not null)
        {
            await _webhook.DisposeAsync();
        }

        _api?.Dispose();
        if (_container is not null)
        {
            await _container.DisposeAsync();
        }

        try
        {
            Directory.Delete(_directory, recursive: true);
        }
        catch (IOException)
        {
        }
    }

    /// <summary>Whether <paramref name="error"/> is the API server's answer <paramref name="status"/>.</summary>
    public static bool IsStatus(HttpOperationException error, HttpStatusCode status) => error.Response?.StatusCode == status;
}
