namespace Csp.Workflow.Model;

/// <summary>
/// The answers an agency gave in one scoping return, as stored beside its uploaded documents
/// (<c>form.json</c> in the return's folder): who sent it, when, and each field of the template.
/// </summary>
public sealed record ScopingReturnForm(string? StepTitle, string SubmittedBy, DateTimeOffset SubmittedAt, IReadOnlyDictionary<string, string> Fields)
{
    public const string FileName = "form.json";
}
