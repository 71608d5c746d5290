namespace Csp.Domain.Calendar;

/// <summary>
/// Configuration for the working-day calendar (section <see cref="SectionName"/>): the partnership's
/// own one-off bank holiday changes, for proclamations made after this code was released.
/// </summary>
/// <example>
/// <code>
/// "Csp": {
///   "WorkingDayCalendar": {
///     "AdditionalChanges": [ { "Added": "2031-06-06", "Description": "Proclaimed bank holiday" } ]
///   }
/// }
/// </code>
/// </example>
public sealed class WorkingDayCalendarOptions
{
    /// <summary>The one section every host, command and page reads the calendar from.</summary>
    public const string SectionName = "Csp:WorkingDayCalendar";

    public List<BankHolidayChangeSetting> AdditionalChanges { get; set; } = [];

    /// <summary>The calendar with these changes applied; throws <see cref="DomainException"/> for an unusable change.</summary>
    public WorkingDayCalendar CreateCalendar() =>
        AdditionalChanges.Count == 0
            ? WorkingDayCalendar.EnglandAndWales
            : new WorkingDayCalendar(AdditionalChanges.Select(c => new BankHolidayChange(c.Removed, c.Added, c.Description ?? "")));
}

/// <summary>One configured change (a mutable shape for configuration binding; see <see cref="BankHolidayChange"/>).</summary>
public sealed class BankHolidayChangeSetting
{
    public DateOnly? Removed { get; set; }
    public DateOnly? Added { get; set; }
    public string? Description { get; set; }
}
