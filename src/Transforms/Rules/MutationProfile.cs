using RestoreMutator.Transforms.Configuration;

namespace RestoreMutator.Transforms.Rules;

/// <summary>A configured profile (SPEC X1) and the pipeline built once from its effective settings.</summary>
public sealed class MutationProfile
{
    public MutationProfile(ProfileSettings settings, MutationPipeline pipeline)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(pipeline);
        Settings = settings;
        Pipeline = pipeline;
    }

    public string Name => Settings.Name;

    public ProfileSettings Settings { get; }

    /// <summary>The rules of the profile's effective settings; it has no profiles of its own.</summary>
    public MutationPipeline Pipeline { get; }
}
