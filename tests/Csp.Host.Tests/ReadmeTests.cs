using System.Text.RegularExpressions;
using Csp.Host.LocalHost;

namespace Csp.Host.Tests;

/// <summary>The README a newcomer follows: every file it names exists, and what it says the host does is there.</summary>
public sealed partial class ReadmeTests
{
    private static readonly string Root = LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory)!;

    private static string Readme => File.ReadAllText(Path.Combine(Root, "README.md"));

    [Fact]
    public void Readme_FilesItLinksOrNames_Exist()
    {
        var named = MarkdownLink().Matches(Readme).Select(m => m.Groups[1].Value)
            .Concat(NamedFile().Matches(Readme).Select(m => m.Groups[1].Value))
            .Where(p => !p.StartsWith("http", StringComparison.Ordinal) && !p.Contains('{') && !p.StartsWith('/'))
            .Where(p => p != LocalSettings.FileName) // each person's own copy of the sample, git-ignored
            .Distinct()
            .ToList();
        Assert.Contains("docs/STATUTORY.md", named);
        Assert.All(named, path => Assert.True(File.Exists(Path.Combine(Root, path)) || Directory.Exists(Path.Combine(Root, path)), $"README names {path}, which does not exist"));
    }

    [Fact]
    public void Readme_DocumentsTheClockHelpAndStoppingFromAScript()
    {
        var readme = Readme;
        Assert.Contains("GET /api/dev/clock", readme);
        Assert.Contains("--help", readme);
        Assert.Contains("kill -INT", readme);
        Assert.Contains("sample-referral", readme);
        Assert.DoesNotContain("--data @tests/data/referral.sample.json", readme); // its 2024 dates make a new incident years overdue
    }

    [GeneratedRegex(@"\]\(([^)#\s]+)\)")]
    private static partial Regex MarkdownLink();

    /// <summary>Paths in backticks that end in a file extension the repository uses.</summary>
    [GeneratedRegex(@"`([A-Za-z0-9_./-]+\.(?:md|json|http|sln|yaml|bicep))`")]
    private static partial Regex NamedFile();
}
