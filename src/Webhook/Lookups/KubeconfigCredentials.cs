using System.Security.Cryptography.X509Certificates;
using System.Text;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Lookups;

/// <summary>
/// Credentials from a kubeconfig file, as kubectl reads it: the <c>current-context</c> names a
/// cluster (<c>server</c>, <c>certificate-authority[-data]</c>, <c>insecure-skip-tls-verify</c>) and
/// a user (<c>token</c>, <c>tokenFile</c>, <c>client-certificate[-data]</c> + <c>client-key[-data]</c>).
/// Relative file paths are relative to the kubeconfig's folder. <c>exec</c> and <c>auth-provider</c>
/// plugins are not supported (use a token or a client certificate).
/// </summary>
public static class KubeconfigCredentials
{
    /// <summary>Loads <paramref name="path"/>; throws <see cref="InvalidDataException"/> with a one-line reason.</summary>
    public static ClusterCredentials Load(string path, TimeProvider time)
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

        var root = Parse(path, text);
        var contextName = Scalar(root, "current-context") ?? throw Invalid(path, "has no current-context");
        var context = Named(root, "contexts", contextName, "context") ?? throw Invalid(path, $"context '{contextName}' is not defined");
        var clusterName = Scalar(context, "cluster") ?? throw Invalid(path, $"context '{contextName}' names no cluster");
        var cluster = Named(root, "clusters", clusterName, "cluster") ?? throw Invalid(path, $"cluster '{clusterName}' is not defined");
        var userName = Scalar(context, "user");
        var user = userName is null ? null : Named(root, "users", userName, "user") ?? throw Invalid(path, $"user '{userName}' is not defined");

        var server = Scalar(cluster, "server");
        if (server is null || !Uri.TryCreate(server, UriKind.Absolute, out var serverUri) || serverUri.Scheme != Uri.UriSchemeHttps)
        {
            throw Invalid(path, $"cluster '{clusterName}' needs an https:// server, got '{server}'");
        }

        var folder = Path.GetDirectoryName(Path.GetFullPath(path))!;
        return new ClusterCredentials
        {
            Server = serverUri,
            CertificateAuthority = Authority(path, folder, cluster),
            InsecureSkipTlsVerify = string.Equals(Scalar(cluster, "insecure-skip-tls-verify"), "true", StringComparison.OrdinalIgnoreCase),
            Token = user is null ? null : Token(path, folder, user, time),
            ClientCertificate = user is null ? null : ClientCertificate(path, folder, user),
            Source = $"kubeconfig {path} (context {contextName})",
        };
    }

    private static YamlMappingNode Parse(string path, string text)
    {
        try
        {
            var stream = new YamlStream();
            stream.Load(new StringReader(text));
            return stream.Documents.Count > 0 && stream.Documents[0].RootNode is YamlMappingNode root
                ? root
                : throw Invalid(path, "is not a YAML mapping");
        }
        catch (YamlException e)
        {
            throw Invalid(path, $"is not valid YAML: {e.Message}");
        }
    }

    private static X509Certificate2Collection? Authority(string path, string folder, YamlMappingNode cluster)
    {
        var pem = Pem(path, folder, cluster, "certificate-authority");
        if (pem is null)
        {
            return null;
        }

        var authority = new X509Certificate2Collection();
        try
        {
            authority.ImportFromPem(pem);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Invalid(path, $"certificate-authority is not a PEM certificate: {e.Message}");
        }

        return authority.Count > 0 ? authority : throw Invalid(path, "certificate-authority holds no certificate");
    }

    private static BearerToken? Token(string path, string folder, YamlMappingNode user, TimeProvider time)
    {
        if (user.Children.ContainsKey(new YamlScalarNode("exec")) || user.Children.ContainsKey(new YamlScalarNode("auth-provider")))
        {
            throw Invalid(path, "user uses an exec or auth-provider plugin, which restore-mutator does not run; use a token or a client certificate");
        }

        if (Scalar(user, "token") is { Length: > 0 } token)
        {
            return BearerToken.Fixed(token);
        }

        if (Scalar(user, "tokenFile") is { Length: > 0 } tokenFile)
        {
            var tokenPath = Path.Combine(folder, tokenFile);
            try
            {
                return BearerToken.FromFile(tokenPath, ServiceAccountCredentials.TokenRefresh, time);
            }
            catch (Exception e) when (e is IOException or UnauthorizedAccessException)
            {
                throw Invalid(path, $"cannot read tokenFile {tokenPath}: {e.Message}");
            }
        }

        return null;
    }

    private static X509Certificate2? ClientCertificate(string path, string folder, YamlMappingNode user)
    {
        var certificate = Pem(path, folder, user, "client-certificate");
        var key = Pem(path, folder, user, "client-key");
        if (certificate is null && key is null)
        {
            return null;
        }

        if (certificate is null || key is null)
        {
            throw Invalid(path, "client-certificate and client-key must be given together");
        }

        try
        {
            return X509Certificate2.CreateFromPem(certificate, key);
        }
        catch (System.Security.Cryptography.CryptographicException e)
        {
            throw Invalid(path, $"client-certificate/client-key are not a PEM certificate and key: {e.Message}");
        }
    }

    /// <summary>PEM text from <c>NAME-data</c> (base64) or the file <c>NAME</c>; null when neither is set.</summary>
    private static string? Pem(string path, string folder, YamlMappingNode node, string name)
    {
        if (Scalar(node, name + "-data") is { Length: > 0 } data)
        {
            try
            {
                return Encoding.UTF8.GetString(Convert.FromBase64String(data));
            }
            catch (FormatException)
            {
                throw Invalid(path, $"{name}-data is not base64");
            }
        }

        if (Scalar(node, name) is not { Length: > 0 } file)
        {
            return null;
        }

        var filePath = Path.Combine(folder, file);
        try
        {
            return File.ReadAllText(filePath);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw Invalid(path, $"cannot read {name} {filePath}: {e.Message}");
        }
    }

    /// <summary>The <paramref name="field"/> mapping of the entry named <paramref name="name"/> in the list <paramref name="list"/>.</summary>
    private static YamlMappingNode? Named(YamlMappingNode root, string list, string name, string field)
    {
        if (!root.Children.TryGetValue(new YamlScalarNode(list), out var node) || node is not YamlSequenceNode entries)
        {
            return null;
        }

        foreach (var entry in entries.Children.OfType<YamlMappingNode>())
        {
            if (Scalar(entry, "name") == name)
            {
                return entry.Children.TryGetValue(new YamlScalarNode(field), out var value) && value is YamlMappingNode mapping ? mapping : new YamlMappingNode();
            }
        }

        return null;
    }

    private static string? Scalar(YamlMappingNode node, string key) =>
        node.Children.TryGetValue(new YamlScalarNode(key), out var value) && value is YamlScalarNode scalar ? scalar.Value : null;

    private static InvalidDataException Invalid(string path, string reason) => new($"kubeconfig {path}: {reason}");
}
