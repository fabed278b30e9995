namespace RestoreMutator.Webhook.Tests.Support;

/// <summary>Waiting for something a real process does on its own schedule (reloads are polled).</summary>
public static class Poll
{
    /// <summary>Re-checks <paramref name="condition"/> every 100 ms; throws when <paramref name="timeout"/> passes first.</summary>
    public static async Task UntilAsync(Func<Task<bool>> condition, string what, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (DateTime.UtcNow < deadline)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(100);
        }

        throw new TimeoutException("timed out waiting for: " + what);
    }
}
