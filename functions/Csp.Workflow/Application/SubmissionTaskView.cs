namespace Csp.Workflow.Application;

/// <summary>
/// A submission the business unit makes to a statutory body outside this product (the National
/// Panel's online system, the Secretary of State): what to send and where, the document to download
/// (the current uploaded version), the deadline with its basis, and what was recorded once sent.
/// <paramref name="Action"/> is the action that records it when the user can take it now;
/// <paramref name="WaitingFor"/> says what must happen first when the task cannot be done yet.
/// </summary>
public sealed record SubmissionTaskView(
    string Kind,
    string Title,
    string Send,
    string To,
    string Where,
    string WhereUrl,
    ReportVersionView? Document,
    string? DocumentNote,
    DeadlineView? Deadline,
    SubmissionTaskState State,
    string? WaitingFor,
    SubmissionRecordView? Recorded,
    string? Action);

[System.Text.Json.Serialization.JsonConverter(typeof(System.Text.Json.Serialization.JsonStringEnumConverter<SubmissionTaskState>))]
public enum SubmissionTaskState { ToDo, Waiting, Done }

/// <summary>A submission as recorded: the date sent, by whom, the Panel's reference and the report version sent.</summary>
public sealed record SubmissionRecordView(DateOnly SentOn, string By, string? Reference, int? Version, string? FileName);
