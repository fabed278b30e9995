namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Config files for real-process tests.</summary>
public static class RealConfig
{
    public static string Yaml(int port, string certFile, string keyFile, string destination, string clientCaFile = "", bool http2 = false) => $"""
        server:
          port: {port}
          address: 127.0.0.1
          http2: {(http2 ? "true" : "false")}
          tls:
            certFile: {certFile}
            keyFile: {keyFile}
            clientCAFile: "{clientCaFile}"
        lookups: off
        registry:
          destination: {destination}

        """;

    /// <summary>Replaces a file the way a ConfigMap volume update does: never half-written.</summary>
    public static async Task WriteAtomicallyAsync(string path, string content)
    {
        var temporary = path + ".tmp-" + Guid.NewGuid().ToString("N")[..6];
        await File.WriteAllTextAsync(temporary, content);
        File.Move(temporary, path, overwrite: true);
    }
}
