using RestoreMutator.Webhook.Cli;

return await WebhookCommandLine.InvokeAsync(args);
