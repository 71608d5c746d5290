using System.Globalization;

namespace Csp.Domain.Timescales;

/// <summary>
/// One statutory due date with its basis: what triggered it and when, the rule, and the period.
/// <paramref name="Amount"/> is negative for periods counted backwards ("at least 7 working days
/// before publication"). <see cref="Provisional"/> is true when the trigger is itself an expected
/// date (for example a notification not yet made), so the deadline must be recalculated later.
/// </summary>
public sealed record StatutoryDeadline(
    string Kind,
    DateOnly Due,
    string Trigger,
    DateOnly TriggerDate,
    string Rule,
    int Amount,
    string Unit)
{
    /// <summary>The calendar working days were counted on (part of the record a deadline must carry).</summary>
    public string Calendar { get; init; } = "";

    public bool Provisional { get; init; }

    /// <summary>A sentence a person can check by hand.</summary>
    public string Basis
    {
        get
        {
            var unit = Unit switch
            {
                DeadlineUnits.WorkingDays => Math.Abs(Amount) == 1 ? "working day" : "working days",
                DeadlineUnits.CalendarDays => Math.Abs(Amount) == 1 ? "calendar day" : "calendar days",
                DeadlineUnits.CalendarMonths => Math.Abs(Amount) == 1 ? "calendar month" : "calendar months",
                _ => Unit,
            };
            var direction = Amount < 0 ? "before" : "after";
            var counting = Unit switch
            {
                DeadlineUnits.WorkingDays => $" Day 0 is the trigger day; working days exclude weekends and {Calendar}.",
                DeadlineUnits.CalendarMonths => " Same day of the month, or the month's last day if it is shorter.",
                _ => "",
            };
            var provisional = Provisional ? " Provisional: recalculate when the trigger happens." : "";
            return $"Due {Format(Due)}: {Math.Abs(Amount)} {unit} {direction} {Trigger} ({Format(TriggerDate)}).{counting}{provisional}";
        }
    }

    private static string Format(DateOnly date) => DateWords.Prose(date);
}
