using System.Text.Json.Serialization;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;

namespace Csp.Workflow.Model;

/// <summary>
/// One serious incident as the workflow carries it between stages: the domain <see cref="Incident"/>
/// (the statutory record and its process state: checklist, recommendations, approvals) plus what
/// the workflow tracks around it (agencies added mid-scoping and waivers, the meeting, the scoping
/// packs, the reports as sent, deadline outcomes). Compact: it is the input of each stage and of
/// every ContinueAsNew of the incident orchestration.
/// </summary>
public sealed record IncidentCase : IJsonOnDeserialized
{
    public required string IncidentId { get; init; }

    /// <summary>The reference used in every email (e.g. CSP-2026-0042): never the child's name.</summary>
    public required string Reference { get; init; }

    private Incident _incident = null!;

    public required Incident Incident { get => _incident; init => _incident = value; }

    public IReadOnlyList<ScopingAgency> Agencies { get; init; } = [];
    public RapidReviewMeeting? Meeting { get; init; }
    public DateOnly? ScopingPackCirculatedOn { get; init; }

    /// <summary>Every collated scoping pack, oldest first (document paths; a new version when a late agency's return is added).</summary>
    public IReadOnlyList<string> ScopingPacks { get; init; } = [];
    public string? PublishedUrl { get; init; }

    /// <summary>When the Panel, Ofsted and DfE were told a local CSPR was decided (recorded on the incident once the CSPR starts).</summary>
    public DateOnly? CsprDecisionNoticeSentOn { get; init; }

    /// <summary>Reports sent to the National Panel and the Secretary of State, as the business unit recorded them.</summary>
    public IReadOnlyList<StatutorySubmission> Submissions { get; init; } = [];

    /// <summary>Every statutory deadline that has resolved: met on time, met late, or given up.</summary>
    public IReadOnlyList<DeadlineOutcome> DeadlineOutcomes { get; init; } = [];

    // The incident's own process state, read through the case (the incident decides every change to it).
    [JsonIgnore] public IReadOnlyList<ChecklistEntry> Checklist => Incident.Checklist;
    [JsonIgnore] public IReadOnlyList<Recommendation> Recommendations => Incident.Recommendations;
    [JsonIgnore] public DateOnly? ThankYouLettersSentOn => Incident.ThankYouLettersSentOn;
    [JsonIgnore] public DateOnly? GovernanceResponsesConfirmedOn => Incident.GovernanceResponsesConfirmedOn;
    [JsonIgnore] public int? RapidReviewReportApprovedVersion => Incident.RapidReviewReportApprovedVersion;
    [JsonIgnore] public NationalPanelResponse? LatePanelResponse => Incident.LatePanelResponse;

    // Cases written before this state moved into the incident (orchestration histories in flight, stored
    // read models) carry it here; it is taken into the incident when such a case is read, and never written.
    private IReadOnlyList<ChecklistEntry>? _earlierChecklist;
    private IReadOnlyList<Recommendation>? _earlierRecommendations;
    private DateOnly? _earlierThankYou;
    private DateOnly? _earlierGovernance;
    private int? _earlierApprovedVersion;
    private NationalPanelResponse? _earlierLateResponse;

    [JsonInclude, JsonPropertyName("checklist")] private IReadOnlyList<ChecklistEntry>? EarlierChecklist { get => null; init => _earlierChecklist = value; }
    [JsonInclude, JsonPropertyName("recommendations")] private IReadOnlyList<Recommendation>? EarlierRecommendations { get => null; init => _earlierRecommendations = value; }
    [JsonInclude, JsonPropertyName("thankYouLettersSentOn")] private DateOnly? EarlierThankYou { get => null; init => _earlierThankYou = value; }
    [JsonInclude, JsonPropertyName("governanceResponsesConfirmedOn")] private DateOnly? EarlierGovernance { get => null; init => _earlierGovernance = value; }
    [JsonInclude, JsonPropertyName("rapidReviewReportApprovedVersion")] private int? EarlierApprovedVersion { get => null; init => _earlierApprovedVersion = value; }
    [JsonInclude, JsonPropertyName("latePanelResponse")] private NationalPanelResponse? EarlierLateResponse { get => null; init => _earlierLateResponse = value; }

    void IJsonOnDeserialized.OnDeserialized()
    {
        if (_incident is null) return;
        _incident = _incident.WithEarlierProcessState(_earlierChecklist, _earlierRecommendations, _earlierThankYou, _earlierGovernance, _earlierApprovedVersion, _earlierLateResponse);
        _earlierChecklist = null;
        _earlierRecommendations = null;
        _earlierThankYou = null;
        _earlierGovernance = null;
        _earlierApprovedVersion = null;
        _earlierLateResponse = null;
    }

    public IncidentStage Stage => Incident.Stage;

    public IncidentCase WithOutcome(DeadlineOutcome outcome) =>
        DeadlineOutcomes.Any(o => o.Kind == outcome.Kind && o.Subject == outcome.Subject)
            ? this
            : this with { DeadlineOutcomes = [.. DeadlineOutcomes, outcome] };

    public IncidentCase WithAgency(ScopingAgency agency) =>
        this with { Agencies = Agencies.Any(a => a.Key == agency.Key)
            ? Agencies.Select(a => a.Key == agency.Key ? agency : a).ToList()
            : [.. Agencies, agency] };
}

/// <summary>A resolved deadline: due, when it was met (null when it never was), and whether on time.</summary>
public sealed record DeadlineOutcome(string Kind, string? Subject, DateOnly Due, DateOnly? MetOn, bool Met);

[JsonConverter(typeof(JsonStringEnumConverter<AgencyScopingStatus>))]
public enum AgencyScopingStatus
{
    Requested,
    Returned,
    ResubmissionRequested,
    Accepted,
    Waived,

    /// <summary>The agency said on its link's page that it cannot return the template: with the business unit, which waives or chases.</summary>
    CannotReturn,

    /// <summary>The Rapid Review went ahead without this return.</summary>
    Closed,
}

/// <summary>One involved agency's scoping return as the workflow tracks it.</summary>
public sealed record ScopingAgency
{
    public required string Key { get; init; }
    public required string Name { get; init; }
    public AgencyType AgencyType { get; init; }
    public required string ContactEmail { get; init; }
    public AgencyScopingStatus Status { get; init; }
    public DateOnly RequestedOn { get; init; }
    public DateOnly DueOn { get; init; }
    public DateOnly? FirstReturnedOn { get; init; }
    public DateOnly? ReturnedOn { get; init; }
    public DateOnly? AcceptedOn { get; init; }
    public int Round { get; init; } = 1;
    public int Chases { get; init; }
    public string? Gaps { get; init; }
    public string? WaivedReason { get; init; }
    public DateOnly? WaivedOn { get; init; }

    /// <summary>Why the agency said it cannot return the template (it may name the child: shown only on the secure site).</summary>
    public string? CannotReturnReason { get; init; }
    public DateOnly? CannotReturnOn { get; init; }

    /// <summary>True when it was added after scoping started (the domain incident does not list it).</summary>
    public bool AddedDuringScoping { get; init; }

    public IReadOnlyList<string> Documents { get; init; } = [];

    [JsonIgnore]
    public bool IsSettled => Status is AgencyScopingStatus.Accepted or AgencyScopingStatus.Waived or AgencyScopingStatus.Closed;
}

[JsonConverter(typeof(JsonStringEnumConverter<MeetingStatus>))]
public enum MeetingStatus { Scheduled, Cancelled, Held }

[JsonConverter(typeof(JsonStringEnumConverter<MeetingResponse>))]
public enum MeetingResponse { NeedsAction, Accepted, Tentative, Declined }

public sealed record RapidReviewMeeting
{
    public required string MeetingId { get; init; }
    public DateTimeOffset StartsAt { get; init; }
    public DateTimeOffset EndsAt { get; init; }
    public string? Location { get; init; }
    public int Sequence { get; init; }
    public MeetingStatus Status { get; init; }
    public IReadOnlyList<MeetingInvitee> Invitees { get; init; } = [];
    public DateOnly? HeldOn { get; init; }
    public bool? Quorate { get; init; }

    /// <summary>The quorum agency types nobody represented at the meeting, as recorded when it was held.</summary>
    public IReadOnlyList<AgencyType> NotRepresented { get; init; } = [];

    /// <summary>When the minutes went to those who attended (null until then), and the version that went.</summary>
    public DateOnly? MinutesCirculatedOn { get; init; }
    public int? MinutesVersion { get; init; }
}

/// <summary>A panel member or deputy invited to the Rapid Review, with their reply.</summary>
public sealed record MeetingInvitee(string Key, string Name, string Email, AgencyType? AgencyType, bool Deputy, MeetingResponse Response);
