using System.Xml.Linq;
using Shouldly;
using YamlDotNet.RepresentationModel;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>
/// src/Webhook/Dockerfile stays in step with the projects and the manifests: the cached restore
/// layer has every project file it needs, the build context (.dockerignore) holds every copied
/// file, and the user, port and entry point match what Kubernetes runs.
/// </summary>
public class DockerfileTests
{
    private const string Dockerfile = "src/Webhook/Dockerfile";

    [Fact]
    public void RestoreLayer_CopiesEveryProjectTheWebhookReferences_BeforeRestoring()
    {
        var lines = Instructions();
        var restore = lines.FindIndex(line => line.StartsWith("RUN dotnet restore", StringComparison.Ordinal));
        restore.ShouldBeGreaterThan(0);
        var copiedBeforeRestore = lines.Take(restore).Where(IsContextCopy).SelectMany(Sources).ToHashSet();

        foreach (var project in ProjectClosure("src/Webhook/RestoreMutator.Webhook.csproj"))
        {
            copiedBeforeRestore.ShouldContain(project, $"{project} must be copied before `dotnet restore` (the restore layer)");
        }

        foreach (var buildFile in new[] { "global.json", "Directory.Build.props", "Directory.Packages.props" })
        {
            copiedBeforeRestore.ShouldContain(buildFile);
        }
    }

    [Fact]
    public void BuildContext_DockerIgnore_KeepsEveryCopiedSource()
    {
        var keep = RepositoryFiles.Read(".dockerignore").Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.StartsWith('!'))
            .Select(line => line[1..])
            .ToList();

        foreach (var source in Instructions().Where(IsContextCopy).SelectMany(Sources))
        {
            keep.Any(pattern => pattern == source || (pattern.EndsWith('/') && source.StartsWith(pattern, StringComparison.Ordinal)))
                .ShouldBeTrue($"{source} is copied by the Dockerfile but excluded by .dockerignore");
            (File.Exists(RepositoryFiles.PathOf(source)) || Directory.Exists(RepositoryFiles.PathOf(source)))
                .ShouldBeTrue($"{source} does not exist");
        }
    }

    [Fact]
    public void Runtime_UserPortAndEntryPoint_MatchTheDeployment()
    {
        var lines = Instructions();
        var runtime = lines.Skip(lines.FindLastIndex(line => line.StartsWith("FROM ", StringComparison.Ordinal))).ToList();
        var container = DeploymentContainer();

        var user = runtime.Single(line => line.StartsWith("USER ", StringComparison.Ordinal))[5..].Split(':')[0];
        user.ShouldNotBe("0");
        var podSecurity = (YamlMappingNode)DeploymentPodSpec()["securityContext"];
        ((YamlScalarNode)podSecurity["runAsUser"]).Value.ShouldBe(user);

        var port = ((YamlScalarNode)((YamlMappingNode)((YamlSequenceNode)container["ports"]).Children[0])["containerPort"]).Value;
        runtime.ShouldContain($"EXPOSE {port}");

        var assembly = XDocument.Load(RepositoryFiles.PathOf("src/Webhook/RestoreMutator.Webhook.csproj"))
            .Descendants("AssemblyName").Single().Value;
        runtime.ShouldContain($"ENTRYPOINT [\"dotnet\", \"/app/{assembly}.dll\"]");

        // The Deployment's args replace CMD: both give the mounted config file.
        runtime.ShouldContain("CMD [\"--config\", \"/etc/restore-mutator/config/config.yaml\"]");
        ((YamlSequenceNode)container["args"]).Children.Select(c => ((YamlScalarNode)c).Value)
            .ShouldBe(["--config", "/etc/restore-mutator/config/config.yaml"]);
    }

    /// <summary>Dockerfile instructions with continuation lines joined and comments dropped.</summary>
    private static List<string> Instructions()
    {
        var result = new List<string>();
        var current = string.Empty;
        foreach (var raw in RepositoryFiles.Read(Dockerfile).Split('\n'))
        {
            var line = raw.Trim();
            if (line.StartsWith('#') || line.Length == 0)
            {
                continue;
            }

            current = current.Length == 0 ? line : $"{current} {line}";
            if (current.EndsWith('\\'))
            {
                current = current[..^1].TrimEnd();
                continue;
            }

            result.Add(current);
            current = string.Empty;
        }

        return result;
    }

    private static bool IsContextCopy(string line) =>
        line.StartsWith("COPY ", StringComparison.Ordinal) && !line.Contains("--from", StringComparison.Ordinal);

    /// <summary>The sources of a COPY (every argument but the last, options left out).</summary>
    private static IEnumerable<string> Sources(string copy)
    {
        var args = copy.Split(' ', StringSplitOptions.RemoveEmptyEntries).Skip(1).Where(a => !a.StartsWith("--", StringComparison.Ordinal)).ToList();
        return args.Take(args.Count - 1);
    }

    /// <summary>The project and every project it references, transitively, as repository paths.</summary>
    private static HashSet<string> ProjectClosure(string project)
    {
        var result = new HashSet<string>(StringComparer.Ordinal);
        var pending = new Stack<string>([project]);
        while (pending.Count > 0)
        {
            var current = pending.Pop();
            if (!result.Add(current))
            {
                continue;
            }

            var folder = Path.GetDirectoryName(RepositoryFiles.PathOf(current))!;
            foreach (var reference in XDocument.Load(RepositoryFiles.PathOf(current)).Descendants("ProjectReference"))
            {
                var full = Path.GetFullPath(Path.Combine(folder, reference.Attribute("Include")!.Value.Replace('\\', '/')));
                pending.Push(Path.GetRelativePath(RepositoryFiles.Root, full).Replace(Path.DirectorySeparatorChar, '/'));
            }
        }

        return result;
    }

    private static YamlMappingNode DeploymentPodSpec()
    {
        var deployment = DeploymentYaml.Load("deploy/manifests/base/deployment.yaml");
        return (YamlMappingNode)((YamlMappingNode)((YamlMappingNode)deployment["spec"])["template"])["spec"];
    }

    private static YamlMappingNode DeploymentContainer() =>
        (YamlMappingNode)((YamlSequenceNode)DeploymentPodSpec()["containers"]).Children.Single();
}
