using System.Diagnostics;

namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Certificates made by the product's own <c>certs/generate.sh</c> (openssl), as an operator would.</summary>
public sealed class TestCertificates
{
    public const string ServiceName = "restore-mutator.restore-mutator.svc";

    private TestCertificates(string directory) => Directory = directory;

    public string Directory { get; }
    public string CaFile => Path.Combine(Directory, "ca.crt");
    public string CertFile => Path.Combine(Directory, "tls.crt");
    public string KeyFile => Path.Combine(Directory, "tls.key");

    /// <summary>A new serving certificate from the same CA, as a rotation by cert-manager issues it.</summary>
    public Task<TestCertificates> ReissueAsync(string directory)
    {
        System.IO.Directory.CreateDirectory(directory);
        File.Copy(CaFile, Path.Combine(directory, "ca.crt"));
        File.Copy(Path.Combine(Directory, "ca.key"), Path.Combine(directory, "ca.key"));
        return GenerateAsync(directory);
    }

    /// <summary>Runs certs/generate.sh into <paramref name="directory"/> (keeps an existing CA there).</summary>
    public static async Task<TestCertificates> GenerateAsync(string directory, params string[] extraArgs)
    {
        System.IO.Directory.CreateDirectory(directory);
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(Path.Combine(RepoPaths.Root, "certs", "generate.sh"));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(directory);
        foreach (var arg in extraArgs)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"certs/generate.sh failed ({process.ExitCode}): {await stderr}");
        }

        return new TestCertificates(directory);
    }
}
