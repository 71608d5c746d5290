using System.Globalization;
using Csp.Domain.Calendar;

namespace Csp.Host.Cli;

/// <summary>
/// <c>working-days --from YYYY-MM-DD --add N</c>: prints the date N working days after the start
/// (before it if N is negative) on the England-and-Wales calendar, as <c>YYYY-MM-DD</c> on one line.
/// </summary>
public static class WorkingDaysCommand
{
    public const string Name = "working-days";

    /// <summary>Generous (about 400 years) but keeps a mistyped number from running for minutes.</summary>
    public const int MaxWorkingDays = 100_000;

    public static async Task<int> RunAsync(string[] args, TextWriter stdout)
    {
        var options = CommandOptions.Parse(Name, args, "--from", "--add");
        var from = CommandOptions.RequiredDate(Name, options, "--from");
        var add = CommandOptions.RequiredInteger(Name, options, "--add", -MaxWorkingDays, MaxWorkingDays);

        DateOnly result;
        try
        {
            result = WorkingDayCalendar.EnglandAndWales.AddWorkingDays(from, add);
        }
        catch (ArgumentOutOfRangeException)
        {
            throw new CommandLineException($"{add} working days from {CommandOptions.Iso(from)} falls outside the dates the calendar supports.");
        }
        await stdout.WriteLineAsync(CommandOptions.Iso(result));
        return OperatorCommands.Ok;
    }

    /// <summary>Parsing for commands that take <c>--option value</c> pairs (shared with <see cref="DeadlinesCommand"/>).</summary>
    internal static class CommandOptions
    {
        public const string DateFormat = "yyyy-MM-dd";

        /// <summary>Reads <c>--name value</c> and <c>--name=value</c> pairs; anything else is a <see cref="CommandLineException"/>.</summary>
        public static IReadOnlyDictionary<string, string> Parse(string command, string[] args, params string[] allowed)
        {
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            for (var i = 0; i < args.Length; i++)
            {
                var arg = args[i];
                if (!arg.StartsWith("--", StringComparison.Ordinal))
                    throw new CommandLineException($"unexpected argument '{arg}' for {command}. Options: {string.Join(", ", allowed)}.");
                var equals = arg.IndexOf('=');
                var name = equals < 0 ? arg : arg[..equals];
                if (!allowed.Contains(name))
                    throw new CommandLineException($"unknown option '{name}' for {command}. Options: {string.Join(", ", allowed)}.");
                string value;
                if (equals >= 0)
                {
                    value = arg[(equals + 1)..];
                }
                else
                {
                    // A value may itself start with '-' (a negative number) but not with "--".
                    if (i + 1 >= args.Length || args[i + 1].StartsWith("--", StringComparison.Ordinal))
                        throw new CommandLineException($"option {name} needs a value.");
                    value = args[++i];
                }
                if (!values.TryAdd(name, value))
                    throw new CommandLineException($"option {name} is given more than once.");
            }
            return values;
        }

        public static DateOnly RequiredDate(string command, IReadOnlyDictionary<string, string> options, string name) =>
            OptionalDate(options, name) ?? throw new CommandLineException($"{command} needs {name} {DateFormat.ToUpperInvariant()}.");

        public static DateOnly? OptionalDate(IReadOnlyDictionary<string, string> options, string name)
        {
            if (!options.TryGetValue(name, out var value)) return null;
            return DateOnly.TryParseExact(value, DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.None, out var date)
                ? date
                : throw new CommandLineException($"{name} must be a date written YYYY-MM-DD, not '{value}'.");
        }

        public static int RequiredInteger(string command, IReadOnlyDictionary<string, string> options, string name, int min, int max)
        {
            if (!options.TryGetValue(name, out var value))
                throw new CommandLineException($"{command} needs {name} N.");
            if (!int.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
                throw new CommandLineException($"{name} must be a whole number, not '{value}'.");
            if (number < min || number > max)
                throw new CommandLineException($"{name} must be between {min} and {max}, not {number}.");
            return number;
        }

        public static string Iso(DateOnly date) => date.ToString(DateFormat, CultureInfo.InvariantCulture);
    }
}
