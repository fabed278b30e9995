using System.Net;
using System.Net.Sockets;
using System.Text.Json;

namespace RestoreMutator.FixtureCases;

/// <summary>
/// Writes each group as <c>OUT/&lt;group&gt;/config.yaml</c> (with a free loopback port and the
/// given certificates), <c>port</c> and <c>cases/*.json</c>, for the check script to start one
/// server per group and run <c>apiserver-sim check</c> on its cases.
/// </summary>
internal static class GroupWriter
{
    private static readonly JsonSerializerOptions Indented = new() { WriteIndented = true };

    public static void Write(IReadOnlyList<CaseGroup> groups, string outputDirectory, string certificateDirectory, TextWriter log)
    {
        if (Directory.Exists(outputDirectory))
        {
            Directory.Delete(outputDirectory, recursive: true);
        }

        var ports = FreePorts(groups.Count);
        for (var i = 0; i < groups.Count; i++)
        {
            var group = groups[i];
            var directory = Path.Combine(outputDirectory, group.Name);
            var cases = Directory.CreateDirectory(Path.Combine(directory, "cases")).FullName;
            File.WriteAllText(Path.Combine(directory, "config.yaml"), $"# from {group.Source}\n" + SimConfig.WithServer(group.EffectiveConfig, ports[i], certificateDirectory));
            File.WriteAllText(Path.Combine(directory, "port"), ports[i] + "\n");
            foreach (var (file, simCase) in group.Cases)
            {
                File.WriteAllText(Path.Combine(cases, file), simCase.ToJsonString(Indented) + "\n");
            }

            log.WriteLine($"group {group.Name}: {group.Cases.Count} cases, config from {group.Source}, port {ports[i]}");
        }
    }

    /// <summary>Distinct free loopback ports: all listeners stay open until every port is taken.</summary>
    public static int[] FreePorts(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(l => l.Start());
            return listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(l => l.Stop());
            listeners.ForEach(l => l.Dispose());
        }
    }
}
