using Csp.Host.Cli;

// No arguments (or "serve") runs the local host; anything else is an operator command.
return await OperatorCommands.RunAsync(args);
