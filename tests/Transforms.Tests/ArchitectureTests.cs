using System.Reflection;
using Shouldly;

namespace RestoreMutator.Transforms.Tests;

/// <summary>Transforms stays pure: no ASP.NET, hosting, logging or HTTP dependencies (STYLE.md).</summary>
public class ArchitectureTests
{
    private static readonly string[] Forbidden =
    [
        "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging",
        "Microsoft.Extensions.DependencyInjection", "Serilog", "System.Net.Http", "RestoreMutator.Webhook",
    ];

    [Fact]
    public void TransformsAssembly_References_NoHostingOrIoFrameworks()
    {
        var assembly = typeof(Transforms.Rules.MutationPipeline).Assembly;
        var references = assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        foreach (var reference in references)
        {
            Forbidden.ShouldNotContain(f => reference.StartsWith(f, StringComparison.Ordinal), $"Transforms references {reference}");
        }
    }

    [Fact]
    public void TransformsProject_BansClockEnvironmentAndFileApis()
    {
        // The clock, environment and file system are banned at build time by BannedSymbols.txt
        // (Microsoft.CodeAnalysis.BannedApiAnalyzers); this keeps that list from being emptied.
        var banned = File.ReadAllText(Path.Combine(Support.FixtureCase.Root, "..", "..", "..", "src", "Transforms", "BannedSymbols.txt"));
        foreach (var symbol in new[] { "P:System.DateTime.Now", "P:System.DateTime.UtcNow", "T:System.Environment", "T:System.IO.File", "T:System.Net.Http.HttpClient" })
        {
            banned.ShouldContain(symbol);
        }
    }
}
