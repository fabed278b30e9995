using System.CommandLine;
using RestoreMutator.Webhook.Cli;

return await WebhookCommandLine.Create().InvokeAsync(args);
