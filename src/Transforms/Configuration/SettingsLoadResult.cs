namespace RestoreMutator.Transforms.Configuration;

/// <summary>The result of reading a configuration file: settings, or every error found.</summary>
public sealed record SettingsLoadResult(MutationSettings? Settings, IReadOnlyList<string> Errors)
{
    public bool Succeeded => Settings is not null && Errors.Count == 0;
}
