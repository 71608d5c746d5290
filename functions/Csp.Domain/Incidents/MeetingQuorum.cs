using Csp.Domain.Referrals;

namespace Csp.Domain.Incidents;

/// <summary>How an invitee has answered the Rapid Review invitation, as far as quorum is concerned.</summary>
public enum InviteeAnswer { NoAnswer, Accepted, Tentative, Declined }

/// <summary>
/// Quorum of the Rapid Review meeting, in one place: children's social care, education, police and
/// health must each be represented (the partnership's terms of reference). Before the meeting it is
/// judged from the replies (a type is <em>lost</em> when everyone invited for it has declined, and
/// <em>unconfirmed</em> while nobody for it has accepted); at the meeting, from who was there.
/// </summary>
public static class MeetingQuorum
{
    /// <summary>The agency types a quorate Rapid Review meeting represents.</summary>
    public static IReadOnlyList<AgencyType> Required { get; } =
        [AgencyType.ChildrensSocialCare, AgencyType.Education, AgencyType.Police, AgencyType.Health];

    /// <summary>The required types with nobody accepted yet (some may still accept).</summary>
    public static IReadOnlyList<AgencyType> Unconfirmed(IEnumerable<(AgencyType? Type, InviteeAnswer Answer)> invitees)
    {
        var list = invitees.ToList();
        return Required.Where(t => !list.Any(i => i.Type == t && i.Answer == InviteeAnswer.Accepted)).ToList();
    }

    /// <summary>The required types nobody can now cover: nobody was invited for them, or everyone invited declined.</summary>
    public static IReadOnlyList<AgencyType> Lost(IEnumerable<(AgencyType? Type, InviteeAnswer Answer)> invitees)
    {
        var list = invitees.ToList();
        return Required.Where(t => list.Where(i => i.Type == t).All(i => i.Answer == InviteeAnswer.Declined)).ToList();
    }

    /// <summary>The required types not represented at the meeting; empty when it was quorate.</summary>
    public static IReadOnlyList<AgencyType> NotRepresented(IEnumerable<AgencyType> represented)
    {
        var present = represented.ToHashSet();
        return Required.Where(t => !present.Contains(t)).ToList();
    }

    /// <summary>Where quorum stands before the meeting, in words for the incident page; null when every required type has accepted.</summary>
    public static string? AtRiskWords(IEnumerable<(AgencyType? Type, InviteeAnswer Answer)> invitees)
    {
        var list = invitees.ToList();
        var lost = Lost(list);
        var waiting = Unconfirmed(list).Except(lost).ToList();
        if (lost.Count == 0 && waiting.Count == 0) return null;
        var parts = new List<string>();
        if (lost.Count > 0) parts.Add($"everyone invited from {List(lost)} has declined: invite a substitute or reschedule");
        if (waiting.Count > 0) parts.Add($"no acceptance yet from {List(waiting)}");
        return "At risk: " + string.Join("; ", parts);
    }

    /// <summary>"Police and health": the types in words, as a partnership writes them.</summary>
    public static string List(IEnumerable<AgencyType> types)
    {
        var words = types.Select(Words).ToList();
        return words.Count switch
        {
            0 => "",
            1 => words[0],
            _ => string.Join(", ", words.Take(words.Count - 1)) + " and " + words[^1],
        };
    }

    /// <summary>An agency type in words ("children's social care").</summary>
    public static string Words(AgencyType type) => type switch
    {
        AgencyType.ChildrensSocialCare => "children's social care",
        AgencyType.Education => "education",
        AgencyType.Police => "police",
        AgencyType.Health => "health",
        AgencyType.Probation => "probation",
        _ => "other agencies",
    };

    /// <summary>The field of the held form that says whether the type was represented.</summary>
    public static string RepresentedField(AgencyType type) => "represented" + type;
}
