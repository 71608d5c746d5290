using Csp.Workflow.Model;

namespace Csp.Workflow.Application;

/// <summary>A case document staff can open; <paramref name="Path"/> is relative to the incident's folder.</summary>
public sealed record DocumentView(string Name, string Path);

/// <summary>One agency's scoping return: its state and every submission (first return and resubmissions) with the answers and documents.</summary>
public sealed record ScopingReturnView(
    string IncidentId, string Reference, string AgencyKey, string Agency, string AgencyType, string Status,
    DateOnly DueOn, string? Gaps, string? WaivedReason, IReadOnlyList<ScopingSubmissionView> Submissions);

public sealed record ScopingSubmissionView(int Round, string SubmittedBy, DateTimeOffset SubmittedAt, IReadOnlyList<AnswerView> Answers, IReadOnlyList<DocumentView> Documents);

/// <summary>A field of a returned template with the template's own label.</summary>
public sealed record AnswerView(string Field, string Label, string? Value);

/// <summary>The collated scoping pack as circulated (the latest version unless another is asked for), with its Word document when it has one.</summary>
public sealed record ScopingPackView(string IncidentId, string Reference, int Version, int Versions, DocumentView Document, IReadOnlyList<ScopingPackAgencyView> Agencies,
    DocumentView? WordDocument = null);

public sealed record ScopingPackAgencyView(
    string Agency, string AgencyType, string Status, DateOnly? ReturnedOn, string? WaivedReason, string? SubmittedBy,
    IReadOnlyList<AnswerView> Answers, IReadOnlyList<DocumentView> Documents, DateOnly? DueOn = null, int? WorkingDaysLate = null);

/// <summary>A version of a report, with who uploaded it and when; <see cref="Drafted"/> when the process drafted it from the case record.</summary>
public sealed record ReportVersionView(string Kind, string Label, int Version, string FileName, string UploadedBy, DateTimeOffset UploadedAt, DocumentView Document)
{
    public bool Drafted => UploadedBy == ReportKinds.DraftedFromCaseRecord;
}

/// <summary>A decision in the incident's record: who made it, when, what and why.</summary>
public sealed record DecisionView(DateTimeOffset At, string Who, string What, string? Why);

/// <summary>
/// The Rapid Review decision with both tests, the criteria, the rationale, the approval (with the
/// version of the report approved) and the Panel's response.
/// </summary>
public sealed record RapidReviewDecisionView(
    string Outcome, IReadOnlyList<string> CriteriaMet, bool CsprMostAppropriate, string Rationale, string DecidedBy, DateOnly DecidedOn,
    string? ApprovedBy, DateOnly? ApprovedOn, DateOnly? ReportSentOn, string? PanelResponse, DateOnly? PanelResponseOn,
    int? ApprovedVersion = null);

/// <summary>A document's content, ready to download.</summary>
public sealed record DocumentDownload(string FileName, string ContentType, BinaryData Content);

/// <summary>Why a report upload was refused: not allowed now (409) or a bad file (400).</summary>
public sealed class ReportUploadRefusedException(string message, bool conflict) : Exception(message)
{
    public bool Conflict { get; } = conflict;
}
