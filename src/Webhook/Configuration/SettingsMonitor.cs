using Microsoft.Extensions.Logging;

namespace RestoreMutator.Webhook.Configuration;

/// <summary>
/// Holds the configuration in force. A changed file (the config or a file it names) is validated in
/// full; a valid one replaces the snapshot atomically, an invalid one is logged and counted and the
/// last good one stays (SPEC C1).
/// </summary>
internal sealed partial class SettingsMonitor : IPolledReload
{
    private readonly string? _path;
    private readonly ILogger<SettingsMonitor> _logger;
    private readonly FileFingerprint _fingerprint = new();
    private string[] _referenced = [];
    private volatile ConfigSnapshot _current;

    /// <param name="initial">The configuration in force at start.</param>
    /// <param name="source">What <paramref name="initial"/> was loaded from (<see cref="SettingsFile.Load(string, out ConfigFileRead?)"/>); null for the embedded default, which is not watched.</param>
    /// <param name="logger">Where reloads and rejections are logged.</param>
    public SettingsMonitor(ConfigSnapshot initial, ConfigFileRead? source, ILogger<SettingsMonitor> logger)
    {
        _current = initial;
        _path = source?.Path;
        _logger = logger;
        LogRoutingWarnings(initial);
        if (source is not null)
        {
            // Only changes to what 'initial' was built from count, even one made before this point.
            Watch(source);
        }
    }

    /// <summary>Raised after a reload attempt: true when the new config was taken, false when rejected.</summary>
    public event Action<bool>? Reloaded;

    /// <summary>The configuration in force.</summary>
    public ConfigSnapshot Current => _current;

    public void Poll()
    {
        if (_path is null)
        {
            return;
        }

        byte[]? content;
        try
        {
            content = _fingerprint.ReadIfChanged(_path, _referenced);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Mid-swap or briefly missing: keep the config in force and try again next time.
            LogConfigUnreadable(_logger, _path, e.Message);
            return;
        }

        if (content is null)
        {
            return;
        }

        var result = Read(content);
        if (!result.Succeeded)
        {
            LogConfigRejected(_logger, _path, result.Errors.Count, string.Join("; ", result.Errors));
            Reloaded?.Invoke(false);
            return;
        }

        var previous = _current.Settings;
        _current = ConfigSnapshot.Create(result.Settings!, _path);
        LogConfigReloaded(_logger, _path);
        LogRoutingWarnings(_current);
        if (previous.Server != result.Settings!.Server)
        {
            LogServerSettingsNeedRestart(_logger, _path);
        }

        Reloaded?.Invoke(true);
    }

    /// <summary>
    /// Loads <paramref name="content"/> (the config file's bytes) and watches, from now on, the
    /// config with exactly the files this load read (<c>resourceModifiers</c>), as they were read:
    /// editing one of them reloads like editing the config (C1).
    /// </summary>
    private WebhookSettingsLoadResult Read(byte[] content)
    {
        var result = SettingsFile.Load(_path!, content, out var read);
        Watch(read);
        return result;
    }

    private void Watch(ConfigFileRead read)
    {
        _referenced = read.Files.Select(file => file.Path).ToArray();
        _fingerprint.Remember([read.Content, .. read.Files.Select(file => file.Content)]);
    }

    private void LogRoutingWarnings(ConfigSnapshot snapshot)
    {
        foreach (var warning in snapshot.Pipeline.RoutingWarnings)
        {
            LogRuleRouting(_logger, snapshot.Source, warning);
        }
    }

    [LoggerMessage(EventId = 104, EventName = "RuleKindNotRouted", Level = LogLevel.Warning, Message = "Configuration {ConfigPath:l}: {Warning:l}")]
    private static partial void LogRuleRouting(ILogger logger, string configPath, string warning);

    [LoggerMessage(EventId = 100, EventName = "ConfigReloaded", Level = LogLevel.Information, Message = "Configuration reloaded from {ConfigPath:l}")]
    private static partial void LogConfigReloaded(ILogger logger, string configPath);

    [LoggerMessage(EventId = 101, EventName = "ConfigRejected", Level = LogLevel.Error, Message = "Configuration change in {ConfigPath:l} rejected ({ErrorCount} errors), keeping the last good configuration: {Errors:l}")]
    private static partial void LogConfigRejected(ILogger logger, string configPath, int errorCount, string errors);

    [LoggerMessage(EventId = 102, EventName = "ConfigUnreadable", Level = LogLevel.Warning, Message = "Cannot read configuration {ConfigPath:l}, keeping the configuration in force: {Reason:l}")]
    private static partial void LogConfigUnreadable(ILogger logger, string configPath, string reason);

    [LoggerMessage(EventId = 103, EventName = "ServerSettingsNeedRestart", Level = LogLevel.Warning, Message = "server.* settings in {ConfigPath:l} changed; they take effect at the next restart")]
    private static partial void LogServerSettingsNeedRestart(ILogger logger, string configPath);
}
