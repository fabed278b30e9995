using System.Net;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Parses and validates the YAML configuration (SPEC C1, section 4). Every unknown key and every
/// invalid value is reported, with its path and line, in one list; no partial settings escape.
/// </summary>
public static class SettingsLoader
{
    /// <summary>The one error of an empty or comment-only configuration.</summary>
    public const string EmptyDocumentError = "the configuration is empty (nothing but comments or whitespace); write {} to run with every default";

    /// <summary>
    /// Reads settings from YAML text. An empty or comment-only document is an error, not "all
    /// defaults": nobody means "turn every rewrite off" by emptying a file, and a ConfigMap whose
    /// key went missing looks exactly like that (SPEC C8). <c>{}</c> states the defaults on purpose.
    /// </summary>
    public static SettingsLoadResult Load(string yaml)
    {
        var errors = new List<string>();
        YamlMappingNode? root;
        try
        {
            var stream = new YamlStream();
            using var reader = new StringReader(yaml);
            stream.Load(reader);
            if (stream.Documents.Count > 1)
            {
                return new SettingsLoadResult(null, ["the configuration must be a single YAML document"]);
            }

            var node = stream.Documents.Count == 0 ? null : stream.Documents[0].RootNode;
            if (node is null or YamlScalarNode { Value: null or "" })
            {
                return new SettingsLoadResult(null, [EmptyDocumentError]);
            }

            root = node as YamlMappingNode;
            if (root is null)
            {
                return new SettingsLoadResult(null, ["the configuration must be a YAML mapping"]);
            }
        }
        catch (YamlException e)
        {
            return new SettingsLoadResult(null, [$"not valid YAML (line {e.Start.Line}): {e.Message}"]);
        }

        var settings = Read(new YamlSection(root, string.Empty, errors), errors);
        return errors.Count == 0 ? new SettingsLoadResult(settings, []) : new SettingsLoadResult(null, errors);
    }

    private static RestoreMutatorSettings Read(YamlSection root, List<string> errors)
    {
        var defaults = new RestoreMutatorSettings();

        var server = root.Section("server");
        var tls = server.Section("tls");
        var tlsSettings = new TlsSettings
        {
            CertFile = tls.String("certFile", defaults.Server.Tls.CertFile),
            KeyFile = tls.String("keyFile", defaults.Server.Tls.KeyFile),
            ClientCAFile = tls.String("clientCAFile", defaults.Server.Tls.ClientCAFile),
        };
        tls.RejectUnknownKeys();
        if ((tlsSettings.CertFile.Length == 0) != (tlsSettings.KeyFile.Length == 0))
        {
            errors.Add("server.tls: certFile and keyFile must be set together (or both empty for a generated self-signed certificate)");
        }

        var serverSettings = new ServerSettings
        {
            Port = server.Int("port", defaults.Server.Port, 1, 65535),
            Address = server.String("address", defaults.Server.Address),
            Tls = tlsSettings,
            Http2 = server.Bool("http2", defaults.Server.Http2),
        };
        server.RejectUnknownKeys();
        if (serverSettings.Address != "localhost" && !IPAddress.TryParse(serverSettings.Address, out _))
        {
            server.Error(null, "address", $"must be an IP address or localhost, got '{Clip(serverSettings.Address)}'");
        }

        var labels = root.StringList("restoreLabels", defaults.RestoreLabels);
        if (labels.Count == 0)
        {
            root.Error(null, "restoreLabels", "must name at least one label");
        }

        foreach (var label in labels.Where(l => !KubernetesNames.IsQualifiedName(l)))
        {
            root.Error(null, "restoreLabels", $"'{Clip(label)}' is not a valid label key");
        }

        var velero = root.Section("velero");
        var veleroSettings = new VeleroSettings { Namespace = velero.String("namespace", defaults.Velero.Namespace) };
        velero.RejectUnknownKeys();
        RequireDnsLabel(velero, "namespace", veleroSettings.Namespace);

        var lookups = root.Enum("lookups", defaults.Lookups);

        var namespaceMapping = root.StringMap("namespaceMapping");
        foreach (var (from, to) in namespaceMapping)
        {
            RequireDnsLabel(root, $"namespaceMapping.{from}", from);
            RequireDnsLabel(root, $"namespaceMapping.{from}", to);
        }

        var registry = root.Section("registry");
        var registrySettings = new RegistrySettings
        {
            Destination = registry.String("destination", defaults.Registry.Destination),
            Rewrites = registry.RewriteList("rewrites"),
        };
        registry.RejectUnknownKeys();
        if (registrySettings.Destination.Length > 0 && !KubernetesNames.IsRegistryHost(registrySettings.Destination))
        {
            registry.Error(null, "destination", $"must be a registry host[:port], got '{Clip(registrySettings.Destination)}'");
        }

        ValidateRewrites(registry, "rewrites", registrySettings.Rewrites, KubernetesNames.IsRepositoryPrefix, "a registry host[:port] with an optional /path");
        foreach (var (key, message) in Images.PrefixRewriteChecks.Find(registrySettings.Rewrites))
        {
            registry.Error(null, key, Diagnostics.SafeText.Sanitize(message, 240));
        }

        var routes = root.Section("routes");
        var routeSettings = new RouteSettings
        {
            GeneratedHosts = routes.Enum("generatedHosts", defaults.Routes.GeneratedHosts),
            DestinationDomain = routes.String("destinationDomain", defaults.Routes.DestinationDomain),
            DomainRewrites = routes.RewriteList("domainRewrites"),
        };
        routes.RejectUnknownKeys();
        if (routeSettings.DestinationDomain.Length > 0 && !KubernetesNames.IsDnsSubdomain(routeSettings.DestinationDomain))
        {
            routes.Error(null, "destinationDomain", $"must be a DNS domain, got '{Clip(routeSettings.DestinationDomain)}'");
        }

        ValidateRewrites(routes, "domainRewrites", routeSettings.DomainRewrites, KubernetesNames.IsDnsSubdomain, "a DNS domain");

        var pods = root.Section("pods");
        var podSettings = new PodSettings
        {
            SkipManaged = pods.Bool("skipManaged", defaults.Pods.SkipManaged),
            SkipBuildPods = pods.Bool("skipBuildPods", defaults.Pods.SkipBuildPods),
        };
        pods.RejectUnknownKeys();

        var builds = root.Section("builds");
        var buildSettings = new BuildSettings { Skip = builds.Bool("skip", defaults.Builds.Skip) };
        builds.RejectUnknownKeys();

        var skipResponse = root.Enum("skipResponse", defaults.SkipResponse);

        var nodes = root.Section("nodes");
        var nodeSettings = new NodeSettings { Mapping = nodes.StringMap("mapping") };
        nodes.RejectUnknownKeys();
        foreach (var (from, to) in nodeSettings.Mapping)
        {
            if (!KubernetesNames.IsDnsSubdomain(from) || !KubernetesNames.IsDnsSubdomain(to))
            {
                nodes.Error(null, $"mapping.{from}", "node names must be DNS subdomains");
            }
        }

        var storageClasses = root.StringMap("storageClasses");
        foreach (var (from, to) in storageClasses)
        {
            if (!KubernetesNames.IsDnsSubdomain(from) || !KubernetesNames.IsDnsSubdomain(to))
            {
                root.Error(null, $"storageClasses.{from}", "storage class names must be DNS subdomains");
            }
        }

        root.RejectUnknownKeys();

        return new RestoreMutatorSettings
        {
            Server = serverSettings,
            RestoreLabels = labels,
            Velero = veleroSettings,
            Lookups = lookups,
            NamespaceMapping = namespaceMapping,
            Registry = registrySettings,
            Routes = routeSettings,
            Pods = podSettings,
            Builds = buildSettings,
            SkipResponse = skipResponse,
            Nodes = nodeSettings,
            StorageClasses = storageClasses,
        };
    }

    private static void ValidateRewrites(YamlSection section, string key, IReadOnlyList<PrefixRewrite> rewrites, Func<string, bool> isValid, string what)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < rewrites.Count; i++)
        {
            var (from, to) = (rewrites[i].From, rewrites[i].To);
            if (!isValid(from))
            {
                section.Error(null, $"{key}[{i}].from", $"must be {what}, got '{Clip(from)}'");
            }

            if (!isValid(to))
            {
                section.Error(null, $"{key}[{i}].to", $"must be {what}, got '{Clip(to)}'");
            }

            if (!seen.Add(from))
            {
                section.Error(null, $"{key}[{i}].from", $"'{Clip(from)}' is listed more than once");
            }
        }
    }

    private static void RequireDnsLabel(YamlSection section, string key, string value)
    {
        if (!KubernetesNames.IsDnsLabel(value))
        {
            section.Error(null, key, $"'{Clip(value)}' is not a valid namespace name");
        }
    }

    private static string Clip(string text) => Diagnostics.SafeText.Sanitize(text, 80);
}
