using RestoreMutator.Transforms.Selectors;

namespace RestoreMutator.Transforms.Configuration;

/// <summary>
/// One entry of <c>profiles</c> (SPEC X1): its name, the restore name globs that select it, and the
/// complete settings in force for objects it applies to (the base configuration with the profile's
/// sections laid over it), validated exactly as the base is.
/// </summary>
public sealed record ProfileSettings
{
    public required string Name { get; init; }

    /// <summary>Globs (<c>*</c>, <c>?</c>) on the restore label's value; empty: selected by the Restore's annotation only.</summary>
    public IReadOnlyList<string> Restores { get; init; } = [];

    /// <summary>The effective settings of this profile (its own <see cref="MutationSettings.Profiles"/> is empty).</summary>
    public required MutationSettings Settings { get; init; }

    /// <summary>Whether one of <see cref="Restores"/> matches <paramref name="restoreName"/>.</summary>
    public bool MatchesRestore(string restoreName)
    {
        ArgumentNullException.ThrowIfNull(restoreName);
        foreach (var glob in Restores)
        {
            if (GlobPattern.Matches(glob, restoreName))
            {
                return true;
            }
        }

        return false;
    }
}
