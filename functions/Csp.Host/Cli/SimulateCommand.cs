using System.Text.Encodings.Web;
using System.Text.Json;
using Csp.LocalWorkflow.Simulation;
using static Csp.Host.Cli.WorkingDaysCommand;

namespace Csp.Host.Cli;

/// <summary>
/// <c>simulate [--incidents N] [--days N] [--seed N] [--start YYYY-MM-DD] [--restart-every-days N] [--storage memory] [--verbose true]</c>:
/// runs a busy partnership's year of serious incidents in virtual time on the embedded engine with
/// in-memory stores (random but reproducible behaviour, some of it late) and prints one JSON
/// object: incidents, by_stage, by_outcome, deadlines_met, deadlines_missed (met late or overdue),
/// open_actions (of agreed action plans), emails_sent, duplicate_emails,
/// failed_instances, wall_seconds and more.
/// </summary>
public static class SimulateCommand
{
    public const string Name = "simulate";

    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TextWriter? stderr = null)
    {
        var options = CommandOptions.Parse(Name, args, "--incidents", "--days", "--seed", "--start", "--restart-every-days", "--storage", "--verbose");
        var incidents = options.ContainsKey("--incidents") ? CommandOptions.RequiredInteger(Name, options, "--incidents", 1, 10_000) : 60;
        var days = options.ContainsKey("--days") ? CommandOptions.RequiredInteger(Name, options, "--days", 1, 3650) : 365;
        var seed = options.ContainsKey("--seed") ? CommandOptions.RequiredInteger(Name, options, "--seed", int.MinValue, int.MaxValue) : 1;
        var restartEvery = options.ContainsKey("--restart-every-days") ? CommandOptions.RequiredInteger(Name, options, "--restart-every-days", 0, 3650) : 0;
        var start = CommandOptions.OptionalDate(options, "--start") ?? new DateOnly(2025, 1, 6);
        if (options.TryGetValue("--storage", out var storage) && storage != "memory")
            throw new CommandLineException($"--storage {storage} is not supported yet; the simulation runs on in-memory stores (--storage memory).");
        var verbose = options.TryGetValue("--verbose", out var v) && v == "true";

        var simulation = new PartnershipSimulation(new SimulationOptions(incidents, days, seed, start, restartEvery));
        var report = await simulation.RunAsync(log: verbose ? stderr ?? Console.Error : null);
        await stdout.WriteLineAsync(JsonSerializer.Serialize(report, Json));
        return report.FailedInstances == 0 && report.DuplicateEmails == 0 ? OperatorCommands.Ok : OperatorCommands.Failed;
    }
}
