using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using Csp.Domain.Calendar;
using Csp.Host.LocalHost;

namespace Csp.Host.Cli;

/// <summary>
/// <c>sample-referral [--aware YYYY-MM-DD]</c>: prints the fictional sample referral
/// (<c>tests/data/referral.sample.json</c>) with its dates moved so the local authority became
/// aware today (or on <c>--aware</c>), keeping the gaps between them, so a new incident starts on time.
/// </summary>
public static class SampleReferralCommand
{
    public const string Name = "sample-referral";

    public static async Task<int> RunAsync(string[] args, TextWriter stdout, TimeProvider? time = null)
    {
        var options = WorkingDaysCommand.CommandOptions.Parse(Name, args, "--aware");
        var today = UkTime.Today(time ?? TimeProvider.System);
        var aware = options.ContainsKey("--aware") ? WorkingDaysCommand.CommandOptions.RequiredDate(Name, options, "--aware") : today;

        var root = LocalSettings.FindRepositoryRoot(Directory.GetCurrentDirectory()) ?? LocalSettings.FindRepositoryRoot(AppContext.BaseDirectory);
        var path = root is null ? null : Path.Combine(root, "tests", "data", "referral.sample.json");
        if (path is null || !File.Exists(path))
            throw new CommandLineException("the sample referral (tests/data/referral.sample.json) was not found: run this from the repository.");
        var referral = JsonNode.Parse(await File.ReadAllTextAsync(path))!.AsObject();

        var incident = referral["incident"]!.AsObject();
        var originalAware = DateOnly.Parse(incident["dateLocalAuthorityAware"]!.GetValue<string>(), CultureInfo.InvariantCulture);
        var shift = aware.DayNumber - originalAware.DayNumber;
        string Moved(JsonNode? node) => DateOnly.Parse(node!.GetValue<string>(), CultureInfo.InvariantCulture).AddDays(shift).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        incident["dateOfIncident"] = Moved(incident["dateOfIncident"]);
        incident["dateLocalAuthorityAware"] = Moved(incident["dateLocalAuthorityAware"]);
        var signOff = referral["signOff"]!.AsObject();
        signOff["dateSignedOff"] = Moved(signOff["dateSignedOff"]);

        await stdout.WriteLineAsync(referral.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return OperatorCommands.Ok;
    }
}
