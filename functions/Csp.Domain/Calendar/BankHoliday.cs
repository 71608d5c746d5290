namespace Csp.Domain.Calendar;

/// <summary>One England-and-Wales bank holiday, named as on gov.uk (e.g. "Boxing Day (substitute day)").</summary>
public sealed record BankHoliday(DateOnly Date, string Name);
