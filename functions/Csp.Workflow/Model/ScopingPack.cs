namespace Csp.Workflow.Model;

/// <summary>
/// The collated scoping pack that goes to panel members before the Rapid Review meeting: each
/// involved agency with the state of its return, its latest answers and its documents. Stored as a
/// document, so what was circulated stays as it was.
/// </summary>
public sealed record ScopingPack(string Reference, int Version, IReadOnlyList<ScopingPackEntry> Agencies);

/// <summary>One agency in the pack; <paramref name="Answers"/> is null when it made no return (waived).</summary>
public sealed record ScopingPackEntry(
    string Key,
    string Name,
    string AgencyType,
    AgencyScopingStatus Status,
    DateOnly? ReturnedOn,
    string? WaivedReason,
    string? SubmittedBy,
    IReadOnlyDictionary<string, string>? Answers,
    IReadOnlyList<string> Documents);
