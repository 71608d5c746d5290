namespace Csp.Workflow.Actions;

/// <summary>
/// The field names of the scoping return (the form agencies fill in, the blank template): the
/// Rapid Review report reads the same answers under the Panel's headings.
/// </summary>
public static class ScopingQuestions
{
    public const string Involvement = "involvement";
    public const string KeyPracticeEpisodes = "keyPracticeEpisodes";
    public const string ImmediateActions = "immediateActions";
    public const string Learning = "learning";
    public const string CompletedBy = "completedBy";
    public const string CompletedByRole = "completedByRole";

    /// <summary>Why an agency cannot return the template (its link page's second form).</summary>
    public const string CannotReturnReason = "reason";

    /// <summary>The longest reason accepted: a few paragraphs, not a return.</summary>
    public const int CannotReturnReasonMaxLength = 2000;
}
