using System.Text.Json.Serialization;

namespace Csp.Domain.Criteria;

/// <summary>
/// The two tests applied at the Rapid Review, as recorded: (1) are the CSPR criteria met, and which;
/// (2) is a CSPR the most appropriate and proportionate response. Meeting the criteria does not oblige
/// a review, so both answers are recorded with the rationale, which must be communicated (including
/// to the family) and is therefore required.
/// </summary>
public sealed record CsprCriteriaAssessment
{
    [JsonConstructor]
    public CsprCriteriaAssessment(
        IReadOnlyList<CsprCriterion> criteriaMet,
        bool csprMostAppropriateResponse,
        string rationale,
        string assessedBy,
        DateOnly assessedOn)
    {
        if (string.IsNullOrWhiteSpace(rationale))
            throw new DomainException("Record the rationale for the CSPR criteria assessment: it must be communicated, including to the family.");
        if (string.IsNullOrWhiteSpace(assessedBy))
            throw new DomainException("Record who made the CSPR criteria assessment.");
        var criteria = (criteriaMet ?? []).Distinct().ToList();
        if (criteria.Any(c => !Enum.IsDefined(c)))
            throw new DomainException("The CSPR criteria assessment names a criterion that does not exist.");
        CriteriaMet = criteria;
        CsprMostAppropriateResponse = csprMostAppropriateResponse;
        Rationale = rationale.Trim();
        AssessedBy = assessedBy.Trim();
        AssessedOn = assessedOn;
    }

    /// <summary>The criteria the partners judged met; empty when test 1 fails.</summary>
    public IReadOnlyList<CsprCriterion> CriteriaMet { get; }

    /// <summary>Test 1: at least one criterion is met.</summary>
    [JsonIgnore]
    public bool MeetsCriteria => CriteriaMet.Count > 0;

    /// <summary>Test 2: a CSPR is the most appropriate and proportionate response.</summary>
    public bool CsprMostAppropriateResponse { get; }

    public string Rationale { get; }
    public string AssessedBy { get; }
    public DateOnly AssessedOn { get; }

    /// <summary>Both tests pass: the case supports a decision to hold a local CSPR.</summary>
    [JsonIgnore]
    public bool SupportsLocalCspr => MeetsCriteria && CsprMostAppropriateResponse;
}
