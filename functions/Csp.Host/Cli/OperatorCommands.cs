namespace Csp.Host.Cli;

/// <summary>
/// The operator CLI: <c>serve</c> (the default), <c>working-days</c>, <c>deadlines</c>,
/// <c>simulate</c>, <c>bench</c> and <c>sample-referral</c>; <c>--help</c> lists them. Exit code 2 means the arguments were wrong.
/// </summary>
public static class OperatorCommands
{
    public const int Ok = 0;
    public const int Failed = 1;
    public const int BadArguments = 2;

    /// <summary>What <c>--help</c> prints.</summary>
    public const string Usage = """
        Usage: dotnet run --project functions/Csp.Host -- [command] [options]

        Commands:
          serve [--Setting=value ...]     run the local host (the default; settings such as --Host:LocalHttpPort=7072)
          working-days --from D --add N   the date N working days after D (negative: before)
          deadlines --aware D [--notified D] [--decision D]
                                          every statutory due date with its basis, as JSON
          simulate [--incidents N] [--days N] [--seed N]
                                          a partnership's year in virtual time, as JSON
          bench storage|engine|http       throughput and latency figures
          sample-referral [--aware D]     the fictional sample referral, dated so the local authority became aware today (or D)

        Dates are YYYY-MM-DD. Bad arguments print one 'error:' line and exit with code 2.
        Stop the local host with Ctrl+C, or from a script with SIGINT: kill -INT <pid>.

        """;

    public static async Task<int> RunAsync(string[] args, TextWriter? stdout = null, TextWriter? stderr = null)
    {
        stdout ??= Console.Out;
        stderr ??= Console.Error;
        // No command, or settings straight away (--Host:LocalHttpPort=8080): serve with them.
        if (args.Length > 0 && args[0] is "--help" or "-h" or "help")
        {
            await stdout.WriteAsync(Usage);
            return Ok;
        }
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
                case SampleReferralCommand.Name: return await SampleReferralCommand.RunAsync(rest, stdout);
                default:
                    await stderr.WriteLineAsync($"error: unknown command '{command}'. Commands: serve, working-days, deadlines, simulate, bench, sample-referral (--help lists them).");
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
