namespace Csp.Host.Cli;

/// <summary>
/// The operator CLI: <c>serve</c> (the default), <c>working-days</c>, <c>deadlines</c>,
/// <c>simulate</c> and <c>bench</c>. Exit code 2 means the arguments were wrong.
/// </summary>
public static class OperatorCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        // No command, or settings straight away (--Host:LocalHttpPort=8080): serve with them.
        var serving = args.Length == 0 || (args[0].StartsWith("--", StringComparison.Ordinal) && args[0].Contains(':', StringComparison.Ordinal));
        var command = serving ? ServeCommand.Name : args[0];
        var rest = serving ? args : args.Skip(1).ToArray();
        try
        {
            switch (command)
            {
                // One line per command; each command parses its own arguments.
                case "working-days": return await WorkingDaysCommand.RunAsync(rest, stdout);
                case "deadlines": return await DeadlinesCommand.RunAsync(rest, stdout);
                case "simulate": return await SimulateCommand.RunAsync(rest, stdout, stderr);
                case ServeCommand.Name: return await ServeCommand.RunAsync(rest, stdout, stderr);
                case "bench": return await BenchCommand.RunAsync(rest, stdout, stderr);
                default:
                    await stderr.WriteLineAsync($"error: unknown command '{command}'. Commands: serve, working-days, deadlines, simulate, bench.");
                    return BadArguments;
            }
        }
        catch (CommandLineException ex)
        {
            await stderr.WriteLineAsync("error: " + ex.Message);
            return BadArguments;
        }
    }
}

/// <summary>Thrown for bad command-line arguments; reported as one line with exit code 2.</summary>
public sealed class CommandLineException(string message) : Exception(message);
