namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// Reads a file the configuration names (<c>resourceModifiers</c>, U5) by its path as written; the
/// host resolves a relative path against the configuration file's directory. False with a reason
/// (in words) when the file cannot be read. Transforms do no I/O: the host supplies this.
/// </summary>
public delegate bool ConfigFileReader(string path, out string text, out string error);
