using System.Diagnostics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Shouldly;

namespace RestoreMutator.Webhook.Tests.Deployment;

/// <summary>
/// certs/generate.sh makes a certificate the API server accepts: it chains to the CA that goes into
/// caBundle and names the Service host <c>&lt;service&gt;.&lt;namespace&gt;.svc</c> in its SAN.
/// Needs bash and openssl (.ci/run installs them).
/// </summary>
public sealed class CertificateScriptTests : IDisposable
{
    private readonly string _out = Path.Combine(Path.GetTempPath(), "rm-certs-" + Guid.NewGuid().ToString("N"));

    public void Dispose()
    {
        if (Directory.Exists(_out))
        {
            Directory.Delete(_out, recursive: true);
        }
    }

    [Theory]
    [InlineData("restore-mutator", "restore-mutator")]
    [InlineData("rm", "tools")]
    public void Generate_ServingCertificate_ChainsToCaAndNamesTheServiceHost(string service, string ns)
    {
        Run("--service", service, "--namespace", ns);

        using var ca = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_out, "ca.crt")));
        using var leaf = X509Certificate2.CreateFromPem(File.ReadAllText(Path.Combine(_out, "tls.crt")));
        using var key = ECDsa.Create();
        key.ImportFromPem(File.ReadAllText(Path.Combine(_out, "tls.key")));
        key.ExportSubjectPublicKeyInfo().ShouldBe(leaf.GetECDsaPublicKey()!.ExportSubjectPublicKeyInfo(), "tls.key belongs to tls.crt");

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.Add(ca);
        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.ApplicationPolicy.Add(new Oid("1.3.6.1.5.5.7.3.1")); // serverAuth
        chain.Build(leaf).ShouldBeTrue(string.Join("; ", chain.ChainStatus.Select(s => s.StatusInformation)));

        leaf.MatchesHostname($"{service}.{ns}.svc").ShouldBeTrue();
        leaf.MatchesHostname($"{service}.{ns}.svc.cluster.local").ShouldBeTrue();
        leaf.MatchesHostname($"other.{ns}.svc").ShouldBeFalse();
        var san = leaf.Extensions.OfType<X509SubjectAlternativeNameExtension>().Single();
        san.EnumerateDnsNames().ShouldContain($"{service}.{ns}.svc");
    }

    [Fact]
    public void Generate_SecondRun_KeepsTheCaSoTheCaBundleStaysValid()
    {
        Run();
        var caBefore = File.ReadAllBytes(Path.Combine(_out, "ca.crt"));
        var leafBefore = File.ReadAllBytes(Path.Combine(_out, "tls.crt"));

        Run();

        File.ReadAllBytes(Path.Combine(_out, "ca.crt")).ShouldBe(caBefore);
        File.ReadAllBytes(Path.Combine(_out, "tls.crt")).ShouldNotBe(leafBefore);
    }

    private void Run(params string[] args)
    {
        var start = new ProcessStartInfo("bash") { RedirectStandardOutput = true, RedirectStandardError = true };
        start.ArgumentList.Add(RepositoryFiles.PathOf("certs/generate.sh"));
        start.ArgumentList.Add("--out");
        start.ArgumentList.Add(_out);
        foreach (var arg in args)
        {
            start.ArgumentList.Add(arg);
        }

        using var process = Process.Start(start)!;
        var stderr = process.StandardError.ReadToEndAsync();
        process.StandardOutput.ReadToEnd();
        process.WaitForExit();
        process.ExitCode.ShouldBe(0, stderr.Result);
    }
}
