using RestoreMutator.Cli;

return await CliCommandLine.InvokeAsync(args);
