namespace RestoreMutator.Webhook.Lookups;

/// <summary>What a lookup found.</summary>
internal enum LookupState
{
    /// <summary>The value exists.</summary>
    Found,
    /// <summary>The API answered that there is nothing (404, or an empty field): not an error.</summary>
    Missing,
    /// <summary>Timeout, denial, server error or an unreadable answer (SPEC K4).</summary>
    Failed,
}
