using Shouldly;

namespace RestoreMutator.Cli.Tests;

/// <summary>
/// The offline tool references the pure rules, not the server (STYLE.md dependency direction):
/// no ASP.NET, no hosting, no Serilog, so nothing can write log lines into a preview's output.
/// </summary>
public class ArchitectureTests
{
    private static readonly string[] Forbidden =
    [
        "RestoreMutator.Webhook", "Microsoft.AspNetCore", "Microsoft.Extensions.Hosting", "Microsoft.Extensions.Logging", "Serilog",
    ];

    [Fact]
    public void CliAssembly_References_TransformsButNoServerOrLogging()
    {
        var references = typeof(CliCommandLine).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();

        references.ShouldContain("RestoreMutator.Transforms");
        foreach (var reference in references)
        {
            Forbidden.ShouldNotContain(f => reference.StartsWith(f, StringComparison.Ordinal), $"the CLI references {reference}");
        }
    }
}
