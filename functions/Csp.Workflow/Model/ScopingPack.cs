namespace Csp.Workflow.Model;

/// <summary>
/// The collated scoping pack that goes to panel members before the Rapid Review meeting: each
/// involved agency with the state of its return, its latest answers and its documents. Stored as a
/// document, so what was circulated stays as it was. <paramref name="WordDocument"/> is the same
/// pack as a Word document (its path), for panel members to download; packs collated before the
/// product wrote one have none.
/// </summary>
public sealed record ScopingPack(string Reference, int Version, IReadOnlyList<ScopingPackEntry> Agencies, string? WordDocument = null);

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
    IReadOnlyList<string> Documents,
    DateOnly? DueOn = null,
    int? WorkingDaysLate = null);
