namespace Csp.Domain;

/// <summary>
/// A statutory rule or process step was broken: an illegal stage transition, a decision without a
/// rationale, inconsistent dates. The message is plain English and safe to show to staff.
/// </summary>
public sealed class DomainException : Exception
{
    public DomainException(string message) : base(message) => Errors = [];

    public DomainException(string message, IReadOnlyList<FieldError> errors) : base(message) => Errors = errors;

    /// <summary>Field-level detail when the rule concerns input (for example an incomplete referral).</summary>
    public IReadOnlyList<FieldError> Errors { get; }
}
