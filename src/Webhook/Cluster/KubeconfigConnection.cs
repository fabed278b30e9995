using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using k8s;
using k8s.Exceptions;
using k8s.KubeConfigModels;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;
using YamlDotNet.Serialization;
using YamlDotNet.Serialization.NamingConventions;

namespace RestoreMutator.Webhook.Cluster;

/// <summary>
/// A connection from a kubeconfig file, read by KubernetesClient as kubectl reads it: the
/// <c>current-context</c> names a cluster (<c>server</c>, <c>certificate-authority[-data]</c>,
/// <c>insecure-skip-tls-verify</c>) and a user (<c>token</c>, <c>client-certificate[-data]</c> +
/// <c>client-key[-data]</c>); relative paths are relative to the kubeconfig's folder. Added here:
/// <c>tokenFile</c> (re-read as it rotates; KubernetesClient ignores it), and <c>exec</c> and
/// <c>auth-provider</c> plugins are refused before KubernetesClient would run them: a webhook
/// must not start arbitrary programs named in a file, and their tokens expire without refresh.
/// </summary>
internal static class KubeconfigConnection
{
    /// <summary>
    /// YamlDotNet over KubernetesClient's kubeconfig model. Not <c>KubernetesYaml</c>: its first use
    /// indexes every model type of the library, measured at about 320 ms and 50 MiB of working set
    /// at startup (docs/performance.md); the kubeconfig model needs none of that.
    /// </summary>
    private static readonly IDeserializer Yaml = new DeserializerBuilder()
        .WithNamingConvention(CamelCaseNamingConvention.Instance)
        .IgnoreUnmatchedProperties()
        .Build();

    /// <summary>Loads <paramref name="path"/>; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static ClusterConnection Load(string path, TimeProvider time)
    {
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"kubeconfig {path}: cannot read it: {e.Message}", e);
        }

        var fullPath = Path.GetFullPath(path);
        var kubeconfig = Parse(path, text);
        kubeconfig.FileName = fullPath;
        var contextName = kubeconfig.CurrentContext is { Length: > 0 } current ? current : throw Invalid(path, "has no current-context");
        var context = kubeconfig.Contexts?.FirstOrDefault(c => string.Equals(c.Name, contextName, StringComparison.OrdinalIgnoreCase))
            ?? throw Invalid(path, $"context '{contextName}' is not defined");
        var clusterName = context.ContextDetails?.Cluster is { Length: > 0 } named ? named : throw Invalid(path, $"context '{contextName}' names no cluster");
        if (kubeconfig.Clusters?.Any(c => string.Equals(c.Name, clusterName, StringComparison.OrdinalIgnoreCase)) != true)
        {
            throw Invalid(path, $"cluster '{clusterName}' is not defined");
        }

        var userName = context.ContextDetails.User;
        var user = string.IsNullOrEmpty(userName)
            ? null
            : kubeconfig.Users?.FirstOrDefault(u => string.Equals(u.Name, userName, StringComparison.OrdinalIgnoreCase)) ?? throw Invalid(path, $"user '{userName}' is not defined");
        if (user?.UserCredentials is { } credentials && (credentials.ExternalExecution is not null || credentials.AuthProvider is not null))
        {
            throw Invalid(path, "user uses an exec or auth-provider plugin, which restore-mutator does not run; use a token, tokenFile or a client certificate");
        }

        RotatingTokenFile? tokenFile = null;
        if (user?.UserCredentials is { Token: null or "" } withoutToken && TokenFile(text, user.Name) is { Length: > 0 } tokenFilePath)
        {
            var resolved = Path.Combine(Path.GetDirectoryName(fullPath)!, tokenFilePath);
            try
            {
                tokenFile = RotatingTokenFile.Open(resolved, RotatingTokenFile.DefaultRefresh, time);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Invalid(path, $"cannot read tokenFile {resolved}: {e.Message}");
            }

            // KubernetesClient requires some credential; the provider set below replaces this copy.
            withoutToken.Token = tokenFile.Current;
        }

        KubernetesClientConfiguration configuration;
        try
        {
            configuration = KubernetesClientConfiguration.BuildConfigFromConfigObject(kubeconfig);
            CheckClientCertificate(configuration);
        }
        catch (Exception e) when (e is KubeConfigException or FormatException or CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, e.Message);
        }

        if (!Uri.TryCreate(configuration.Host, UriKind.Absolute, out var server) || server.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(path, $"cluster '{clusterName}' needs an https:// server, got '{configuration.Host}'");
        }

        if (tokenFile is not null)
        {
            configuration.AccessToken = null;
            configuration.TokenProvider = tokenFile;
        }

        // The server check is ServerTrust's (host name and CA); KubernetesClient's is turned off.
        var trust = new ServerTrust(configuration.SslCaCerts, configuration.SkipTlsVerify);
        configuration.SslCaCerts = null;
        configuration.SkipTlsVerify = false;
        return new ClusterConnection(configuration, trust, $"kubeconfig {path} (context {context.Name})");
    }

    /// <summary>Fails at startup, not on the first call, on a client certificate or key that cannot be loaded.</summary>
    private static void CheckClientCertificate(KubernetesClientConfiguration configuration)
    {
        string? certificate = null, key = null;
        if (!string.IsNullOrEmpty(configuration.ClientCertificateData) && !string.IsNullOrEmpty(configuration.ClientCertificateKeyData))
        {
            (certificate, key) = (Decode(configuration.ClientCertificateData), Decode(configuration.ClientCertificateKeyData));
        }
        else if (!string.IsNullOrEmpty(configuration.ClientCertificateFilePath) && !string.IsNullOrEmpty(configuration.ClientKeyFilePath))
        {
            (certificate, key) = (File.ReadAllText(configuration.ClientCertificateFilePath), File.ReadAllText(configuration.ClientKeyFilePath));
        }

        if (certificate is not null)
        {
            using var loaded = X509Certificate2.CreateFromPem(certificate, key);
        }

        static string Decode(string base64) => System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(base64));
    }

    private static K8SConfiguration Parse(string path, string text)
    {
        try
        {
            return Yaml.Deserialize<K8SConfiguration?>(text) ?? throw Invalid(path, "is empty");
        }
        catch (YamlException e)
        {
            throw Invalid(path, $"is not valid YAML: {e.Message}");
        }
    }

    /// <summary>
    /// <c>users[name].user.tokenFile</c>, which KubernetesClient's model lacks (client-go reads it:
    /// <c>clientcmd/api/v1</c> <c>AuthInfo.TokenFile</c>).
    /// </summary>
    private static string? TokenFile(string text, string userName)
    {
        var stream = new YamlStream();
        stream.Load(new StringReader(text));
        if (stream.Documents[0].RootNode is not YamlMappingNode root
            || !root.Children.TryGetValue(new YamlScalarNode("users"), out var users) || users is not YamlSequenceNode entries)
        {
            return null;
        }

        foreach (var entry in entries.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(entry, "name") is { } name && string.Equals(name, userName, StringComparison.OrdinalIgnoreCase)
                && entry.Children.TryGetValue(new YamlScalarNode("user"), out var user) && user is YamlMappingNode fields)
            {
                return Scalar(fields, "tokenFile");
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static InvalidDataException Invalid(string path, string reason) => new($"kubeconfig {path}: {reason}");
}
