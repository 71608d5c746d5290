namespace Csp.Workflow.Application;

/// <summary>
/// Holding a scoping link does not show who holds it: a forwarded link shows only the reference, the
/// date due and what to do. The child's name and date of birth, and the agency's earlier answers on a
/// resubmission, are for the agency itself: the holder asks for a one-time code, which goes to the
/// address the request was sent to (the agency's address on the incident, never one the visitor
/// types), and enters it. Codes are short-lived, work once, and lock after a few wrong tries.
/// </summary>
public interface IScopingLinkAccess
{
    /// <summary>Where codes for the link go, and the code waiting to be entered if there is one; null when the link does not work.</summary>
    Task<AccessCodeStatus?> StatusAsync(string token, CancellationToken cancellation);

    /// <summary>Sends a new code to the link's recipient (not again within a minute of the last, and only so many per link).</summary>
    Task<AccessCodeResult> RequestCodeAsync(string token, CancellationToken cancellation);

    /// <summary>Checks a code typed by the holder; a wrong one counts against the code's tries, a right one is used up.</summary>
    Task<AccessCodeResult> CheckCodeAsync(string token, string code, CancellationToken cancellation);

    /// <summary>
    /// The child's details and the agency's earlier return for a working scoping link; null when the
    /// link does not work. The caller shows them only to a holder who has entered the code.
    /// </summary>
    Task<ScopingLinkDetails?> ReadDetailsAsync(string token, CancellationToken cancellation);
}

public enum AccessCodeOutcome
{
    /// <summary>A new code went to the link's recipient.</summary>
    Sent,

    /// <summary>A code went less than a minute ago: no second email.</summary>
    AlreadySent,

    /// <summary>The link has had as many codes as it may: the business unit can send a new link.</summary>
    TooManyCodes,

    Verified,

    /// <summary>Not a code at all (not six digits): not counted as a try.</summary>
    Malformed,
    Wrong,

    /// <summary>Too many wrong tries: a new code is needed.</summary>
    Locked,
    Expired,
    Used,

    /// <summary>No code was asked for.</summary>
    NoCode,

    /// <summary>The link itself does not work (see <see cref="AccessCodeResult.LinkState"/>).</summary>
    LinkNotUsable,
}

/// <summary>The outcome, the link's state, and the tries left on the code after a wrong one.</summary>
public sealed record AccessCodeResult(AccessCodeOutcome Outcome, LinkState LinkState = LinkState.Valid, int AttemptsLeft = 0);

/// <summary>
/// Where the link's codes go, when the code waiting to be entered was sent and stops working, and
/// whether the agency has returned before (a resubmission: its earlier answers show with the code).
/// </summary>
public sealed record AccessCodeStatus(string SentTo, DateTimeOffset? WaitingSince, DateTimeOffset? WaitingUntil, bool HasEarlierReturn);

/// <summary>
/// What the agency sees after entering the code: the child's name and date of birth and, on a
/// resubmission, its latest earlier answers (by field name) and the names of the documents it sent.
/// </summary>
public sealed record ScopingLinkDetails(
    string ChildName, DateOnly? DateOfBirth,
    IReadOnlyDictionary<string, string> EarlierAnswers, DateTimeOffset? EarlierSubmittedAt, IReadOnlyList<string> EarlierDocuments);
