using System.Globalization;

namespace Csp.Domain;

/// <summary>A count with its noun in the right number: "1 recommendation", "3 recommendations", never "recommendation(s)".</summary>
public static class CountWords
{
    public static string Of(int count, string one, string many) =>
        string.Create(CultureInfo.InvariantCulture, $"{count} {(Math.Abs(count) == 1 ? one : many)}");
}
