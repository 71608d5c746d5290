namespace Csp.Domain;

/// <summary>Names in running text.</summary>
public static class NameWords
{
    /// <summary>"Exampleton Police's", but "Children's Services'" (a name ending in s takes the apostrophe alone).</summary>
    public static string Possessive(string name) =>
        string.IsNullOrEmpty(name) ? name : name.EndsWith('s') || name.EndsWith('S') ? name + "'" : name + "'s";
}
