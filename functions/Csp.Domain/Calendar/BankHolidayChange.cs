namespace Csp.Domain.Calendar;

/// <summary>
/// A one-off change to the bank holidays of one year, made by royal proclamation: a rule-based day
/// <paramref name="Removed"/>, a day <paramref name="Added"/>, or both (a moved day). Partnerships
/// add future proclamations in configuration without a code change.
/// </summary>
public sealed record BankHolidayChange(DateOnly? Removed, DateOnly? Added, string Description)
{
    /// <summary>Throws <see cref="DomainException"/> if the change says nothing or has no description.</summary>
    public void EnsureValid()
    {
        if (Removed is null && Added is null)
            throw new DomainException($"The bank holiday change '{Description}' must remove a day, add a day or both.");
        if (string.IsNullOrWhiteSpace(Description))
            throw new DomainException("Every bank holiday change needs a description saying why the day changed.");
        if (Removed is not null && Removed == Added)
            throw new DomainException($"The bank holiday change '{Description}' removes and adds the same day.");
    }
}
