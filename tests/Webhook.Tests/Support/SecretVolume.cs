namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>
/// A directory laid out like a Kubernetes Secret volume: <c>tls.crt</c> and <c>tls.key</c> are
/// symlinks through <c>..data</c>, which points at a timestamped directory. New content is
/// published the kubelet's way: a new directory, then an atomic rename of a new <c>..data</c>
/// symlink over the old one (which plain file watchers do not report).
/// </summary>
public sealed class SecretVolume
{
    private int _generation;

    private SecretVolume(string directory) => Directory = directory;

    public string Directory { get; }
    public string CertFile => Path.Combine(Directory, "tls.crt");
    public string KeyFile => Path.Combine(Directory, "tls.key");

    public static SecretVolume Create(string directory, TestCertificates initial)
    {
        System.IO.Directory.CreateDirectory(directory);
        var volume = new SecretVolume(directory);
        volume.Publish(initial);
        File.CreateSymbolicLink(volume.CertFile, "..data/tls.crt");
        File.CreateSymbolicLink(volume.KeyFile, "..data/tls.key");
        return volume;
    }

    /// <summary>Publishes <paramref name="source"/>'s key pair: new timestamped directory, atomic <c>..data</c> swap.</summary>
    public void Publish(TestCertificates source)
    {
        _generation++;
        var generation = Path.Combine(Directory, $"..2026_11_21_00_00_{_generation:00}.{_generation}");
        System.IO.Directory.CreateDirectory(generation);
        File.Copy(source.CertFile, Path.Combine(generation, "tls.crt"));
        File.Copy(source.KeyFile, Path.Combine(generation, "tls.key"));
        var temporary = Path.Combine(Directory, "..data_tmp");
        File.CreateSymbolicLink(temporary, Path.GetFileName(generation));
        Posix.Rename(temporary, Path.Combine(Directory, "..data"));
    }
}
