using System.Text;

namespace RestoreMutator.Fuzz.Properties;

/// <summary>How the targets turn fuzzer bytes into text: as <c>File.ReadAllText</c> reads a config file (UTF-8, byte order marks honoured, bad bytes replaced).</summary>
public static class FuzzInput
{
    public static string Text(byte[] bytes)
    {
        using var reader = new StreamReader(new MemoryStream(bytes), Encoding.UTF8, detectEncodingFromByteOrderMarks: true);
        return reader.ReadToEnd();
    }
}
