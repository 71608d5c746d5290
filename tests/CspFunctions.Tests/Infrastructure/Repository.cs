using System.Reflection;

namespace CspFunctions.Tests.Infrastructure;

/// <summary>Where the Functions app's project, its build output and the repository's files are.</summary>
public static class Repository
{
    private static string Metadata(string key) =>
        typeof(Repository).Assembly.GetCustomAttributes<AssemblyMetadataAttribute>().Single(a => a.Key == key).Value!;

    public static string FunctionsProject => Metadata("CspFunctionsProject");

    public static string Root => Path.GetFullPath(Path.Combine(FunctionsProject, "..", ".."));

    /// <summary>The Functions app's build output for this test run's configuration (built as a project reference).</summary>
    public static string FunctionsBuildOutput => Path.Combine(FunctionsProject, "bin", Metadata("Configuration"), "net10.0");

    public static string File(params string[] parts) => Path.Combine([Root, .. parts]);
}
