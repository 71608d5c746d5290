namespace Csp.Domain.Incidents;

/// <summary>A step of the local CSPR's checklist done, with who and when (each step is recorded once).</summary>
public sealed record ChecklistEntry(string Step, string By, DateOnly On, string? Notes);
