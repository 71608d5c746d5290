namespace Csp.Domain.Timescales;

/// <summary>One involved agency's scoping return: when it was due, and when it came back or was waived.</summary>
public sealed record AgencyReturnDates(DateOnly Due, DateOnly? ReturnedOn, DateOnly? WaivedOn)
{
    /// <summary>When the return stopped being awaited: its first return, or else its waiver.</summary>
    public DateOnly? SettledOn => ReturnedOn ?? WaivedOn;
}

/// <summary>
/// Where the scoping returns stand as one row, counting every agency asked, those added after the
/// referral included. Open while any return is outstanding, due on the earliest outstanding agency's
/// due date (so it is overdue as soon as any one of them is); settled once every agency has returned or
/// been waived, on the last of those dates, and late if any agency settled after its own due date.
/// </summary>
public sealed record ScopingReturnsStatus(DateOnly Due, DateOnly? SettledOn, bool Late, bool AllWaived)
{
    public static ScopingReturnsStatus? Of(IReadOnlyList<AgencyReturnDates> agencies)
    {
        ArgumentNullException.ThrowIfNull(agencies);
        if (agencies.Count == 0) return null;
        var outstanding = agencies.Where(a => a.SettledOn is null).ToList();
        if (outstanding.Count > 0) return new ScopingReturnsStatus(outstanding.Min(a => a.Due), null, false, false);
        return new ScopingReturnsStatus(agencies.Max(a => a.Due), agencies.Max(a => a.SettledOn!.Value),
            agencies.Any(a => a.SettledOn > a.Due), agencies.All(a => a.ReturnedOn is null));
    }
}
