using Csp.Host.Cli;

namespace Csp.Host.Tests.Cli;

/// <summary>The result of running the operator CLI in-process with captured output.</summary>
public sealed record CommandRun(int ExitCode, string Stdout, string Stderr)
{
    public static async Task<CommandRun> RunAsync(params string[] args)
    {
        using var stdout = new StringWriter();
        using var stderr = new StringWriter();
        var exitCode = await OperatorCommands.RunAsync(args, stdout, stderr);
        return new CommandRun(exitCode, stdout.ToString(), stderr.ToString());
    }

    public string[] StderrLines => Stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    /// <summary>Bad arguments: exit code 2, nothing on stdout, one <c>error:</c> line on stderr that says <paramref name="message"/>.</summary>
    public void AssertBadArguments(string message)
    {
        Assert.Equal(OperatorCommands.BadArguments, ExitCode);
        Assert.Equal("", Stdout);
        var line = Assert.Single(StderrLines);
        Assert.StartsWith("error: ", line);
        Assert.Contains(message, line);
    }
}
