using System.Security.Cryptography.X509Certificates;
using k8s;
using RestoreMutator.Webhook.Cluster;

namespace RestoreMutator.Webhook.Tests.Lookups.Support;

/// <summary>Connections to a <see cref="FakeKubernetesApi"/> as the resolver would build them (CA in <see cref="ServerTrust"/>, not in KubernetesClient).</summary>
internal static class FakeConnections
{
    public static ClusterConnection For(
        FakeKubernetesApi api, string? token = FakeKubernetesApi.Token, X509Certificate2Collection? authority = null, bool insecure = false, Uri? server = null) =>
        new(new KubernetesClientConfiguration { Host = (server ?? api.Address).AbsoluteUri, AccessToken = token },
            new ServerTrust(authority ?? [api.Certificates.Authority], insecure), "test");
}
