using System.Runtime.CompilerServices;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Locations in the repository and in the test output.</summary>
public static class RepoPaths
{
    /// <summary>The repository root (where RestoreMutator.slnx is).</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>The built server, copied next to the tests because the test project references it.</summary>
    public static string WebhookDll { get; } = Path.Combine(AppContext.BaseDirectory, "RestoreMutator.Webhook.dll");

    private static string FindRoot([CallerFilePath] string thisFile = "")
    {
        var directory = Path.GetDirectoryName(thisFile);
        while (directory is not null && !File.Exists(Path.Combine(directory, "RestoreMutator.slnx")))
        {
            directory = Path.GetDirectoryName(directory);
        }

        return directory ?? throw new InvalidOperationException("repository root not found above " + thisFile);
    }
}
