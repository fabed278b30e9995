namespace RestoreMutator.Cli.Preview.Inputs;

/// <summary>One file to read: where it is, how it is named in the output, and how to read it.</summary>
internal sealed record InputFile(string Path, string DisplayName, InputKind Kind)
{
    /// <summary>Reads the file into <paramref name="sink"/>.</summary>
    public void Read(IDocumentSink sink)
    {
        switch (Kind)
        {
            case InputKind.VeleroBackup:
                VeleroBackupReader.Read(Path, DisplayName, sink);
                break;
            default:
                ManifestFileReader.Read(Path, DisplayName, sink);
                break;
        }
    }
}
