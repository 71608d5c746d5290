using System.Text.Encodings.Web;
using System.Text.Json;
using Csp.Domain;
using Csp.Domain.Timescales;
using static Csp.Host.Cli.WorkingDaysCommand;

namespace Csp.Host.Cli;

/// <summary>
/// <c>deadlines --aware YYYY-MM-DD [--notified YYYY-MM-DD] [--scoping-requested YYYY-MM-DD]
/// [--decision YYYY-MM-DD] [--planned-publication YYYY-MM-DD]</c>: prints every statutory due date
/// the dates support, with its basis, as indented camelCase JSON (default timescales and the
/// England-and-Wales calendar).
/// </summary>
public static class DeadlinesCommand
{
    public const string Name = "deadlines";

    /// <summary>The printed document: the calendar used and the deadlines in process order.</summary>
    public sealed record DeadlinesReport(string Calendar, IReadOnlyList<StatutoryDeadline> Deadlines);

    private static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        WriteIndented = true,
        // Printed for a person at a terminal, not embedded in HTML: keep apostrophes readable.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var options = CommandOptions.Parse(Name, args, "--aware", "--notified", "--scoping-requested", "--decision", "--planned-publication");
        var dates = new IncidentKeyDates(CommandOptions.RequiredDate(Name, options, "--aware"))
        {
            NationalPanelNotified = CommandOptions.OptionalDate(options, "--notified"),
            ScopingRequested = CommandOptions.OptionalDate(options, "--scoping-requested"),
            Decision = CommandOptions.OptionalDate(options, "--decision"),
            PlannedPublication = CommandOptions.OptionalDate(options, "--planned-publication"),
        };

        IReadOnlyList<StatutoryDeadline> deadlines;
        try
        {
            deadlines = new DeadlineCalculator().Calculate(dates);
        }
        catch (DomainException ex)
        {
            // Contradictory dates are the operator's arguments, so they are reported like any bad argument.
            throw new CommandLineException(ex.Message);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CommandLineException("a deadline falls outside the dates the calendar supports.");
        }

        var report = new DeadlinesReport(deadlines.FirstOrDefault()?.Calendar ?? "", deadlines);
        await stdout.WriteLineAsync(JsonSerializer.Serialize(report, Json));
        return OperatorCommands.Ok;
    }
}
