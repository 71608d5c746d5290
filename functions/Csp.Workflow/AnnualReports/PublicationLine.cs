using Csp.Domain.Incidents;

namespace Csp.Workflow.AnnualReports;

/// <summary>A review published: the report, or (with the Panel's agreement) information about the improvements.</summary>
public sealed record PublicationLine(
    string Reference,
    DateOnly PublishedOn,
    PublicationForm Form,
    string PublishedBy,
    string? Url,
    DateOnly? NoticeSentOn,
    DateOnly AvailableUntil);
