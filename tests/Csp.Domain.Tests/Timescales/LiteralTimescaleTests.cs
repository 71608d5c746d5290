using System.Text.RegularExpressions;

namespace Csp.Domain.Tests.Timescales;

/// <summary>
/// No message, hint or timeline line in the product holds a timescale written as a number ("5 working
/// days", "6 months", "15 minutes"): each is rendered from the configured timescales, so a partnership
/// that changes one gets text that agrees with its deadlines. Scans the string literals of the assemblies
/// the Functions app ships and the text of the pages.
/// </summary>
public partial class LiteralTimescaleTests
{
    private static readonly string[] ShippedProjects = ["Csp.Domain", "Csp.Workflow", "Csp.Integrations", "Csp.Storage", "Csp.Web", "CspFunctions"];

    [GeneratedRegex(@"(?<![\w{.])\d+\s*(?:-\s*)?(?:working[ -]days?|working-day|calendar (?:days?|months?)|months?|weeks?|days?|hours?|minutes?)\b", RegexOptions.IgnoreCase)]
    private static partial Regex LiteralTimescale();

    // A C# string literal (regular, verbatim or interpolated); good enough to read our own sources.
    [GeneratedRegex("\"(?:[^\"\\\\\\n]|\\\\.)*\"")]
    private static partial Regex StringLiteral();

    [GeneratedRegex(@"^\s*//.*$|(?<=[;,)\]}{]\s*)//.*$", RegexOptions.Multiline)]
    private static partial Regex LineComment();

    [GeneratedRegex(@"@\*.*?\*@|<!--.*?-->", RegexOptions.Singleline)]
    private static partial Regex RazorComment();

    [Fact]
    public void ProductText_HoldsNoLiteralTimescale()
    {
        var found = new List<string>();
        foreach (var project in ShippedProjects)
        {
            var folder = Path.Combine(RepositoryRoot(), "functions", project);
            foreach (var file in Directory.EnumerateFiles(folder, "*.*", SearchOption.AllDirectories)
                         .Where(f => f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".razor", StringComparison.Ordinal))
                         .Where(f => !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                                  && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)))
            {
                var text = File.ReadAllText(file);
                var texts = file.EndsWith(".razor", StringComparison.Ordinal)
                    ? [RazorComment().Replace(text, "")]
                    : StringLiteral().Matches(LineComment().Replace(text, "")).Select(m => m.Value);
                found.AddRange(texts.SelectMany(t => LiteralTimescale().Matches(t).Select(m => $"{Path.GetRelativePath(RepositoryRoot(), file)}: \"{m.Value}\"")));
            }
        }

        Assert.True(found.Count == 0, "Timescales written as numbers instead of rendered from the configured timescales:\n" + string.Join("\n", found));
    }

    [Theory]
    [InlineData("\"A meeting lasts between 15 minutes and 8 hours\"")]
    [InlineData("\"(6 months after the decision).\"")]
    [InlineData("\"at least 7 working days before.\"")]
    [InlineData("\"Within the 15-working-day window\"")]
    public void Scanner_FindsTheShapesOfLiteralTimescale(string literal) => Assert.Matches(LiteralTimescale(), literal);

    [Theory]
    [InlineData("$\"at least {days} working days before\"")]
    [InlineData("$\"the {days}-working-day notice period\"")]
    [InlineData("\"yyyy-MM-dd\"")]
    public void Scanner_LetsRenderedTimescalesThrough(string literal) => Assert.DoesNotMatch(LiteralTimescale(), literal);

    private static string RepositoryRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "CspFunctions.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("The repository root (with CspFunctions.sln) was not found above " + AppContext.BaseDirectory);
    }
}
