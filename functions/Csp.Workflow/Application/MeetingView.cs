using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

/// <summary>The Rapid Review meeting as scheduled, with replies and whether quorum is at risk.</summary>
public sealed record MeetingView(
    DateTimeOffset StartsAt, DateTimeOffset EndsAt, string? Location, string Status, int Sequence,
    IReadOnlyList<MeetingInviteeView> Invitees, IReadOnlyList<string> QuorumMissing, DateOnly? HeldOn)
{
    /// <summary>
    /// Quorum in words: before the meeting, from the replies ("At risk: everyone invited from police has
    /// declined…"); once held, as recorded ("Not quorate: police not represented").
    /// </summary>
    public string? Quorum { get; init; }
}
