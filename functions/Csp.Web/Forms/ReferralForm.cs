using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Csp.Domain;
using Csp.Domain.Criteria;
using Csp.Domain.Referrals;
using Microsoft.AspNetCore.Http;

namespace Csp.Web.Forms;

/// <summary>
/// The referral form's fields, named by the JSON paths of the API, and their binding to the same
/// JSON the API takes: the form and the API go through one intake and one validator.
/// Agencies and proceedings are rows; blank rows are left out, and errors are mapped back to the row.
/// </summary>
public static partial class ReferralForm
{
    public const int DefaultAgencyRows = 4;
    public const int DefaultProceedingRows = 2;
    public const int MaxRows = ReferralValidator.MaxInvolvedAgencies;
    public const string AgencyRowsField = "agencyRows";
    public const string ProceedingRowsField = "proceedingRows";

    /// <summary>The submit button's value when the person asks for another agency row.</summary>
    public const string AddAgency = "add-agency";
    public const string AddProceeding = "add-proceeding";

    public static readonly IReadOnlyDictionary<string, string> Dates = new Dictionary<string, string>
    {
        ["child.dateOfBirth"] = "The child's date of birth",
        ["incident.dateOfIncident"] = "The date of the incident",
        ["incident.dateLocalAuthorityAware"] = "The date the local authority became aware",
        ["signOff.dateSignedOff"] = "The date the senior manager signed off the referral",
    };

    private static readonly string[] TextFields =
    [
        "child.firstName", "child.lastName", "child.ethnicity", "child.homeLocalAuthority",
        "incident.whatHappened",
        "referrer.name", "referrer.role", "referrer.agency", "referrer.email", "referrer.phone",
        "signOff.name", "signOff.role", "signOff.email",
        "referrerRationale",
    ];

    private static readonly string[] ChoiceFields =
        ["child.gender", "incident.outcome", "incident.abuseOrNeglect", "incident.location"];

    private static readonly string[] YesNoFields = ["child.lookedAfter", "child.careLeaver"];

    public static readonly IReadOnlyList<(string, string)> Genders =
        [(nameof(Gender.Female), "Female"), (nameof(Gender.Male), "Male"), (nameof(Gender.Other), "Other"), (nameof(Gender.NotKnown), "Not known")];

    public static readonly IReadOnlyList<(string, string)> YesNo = [("true", "Yes"), ("false", "No")];

    public static readonly IReadOnlyList<(string, string)> Outcomes =
        [(nameof(IncidentOutcome.Death), "The child died"), (nameof(IncidentOutcome.SeriousHarm), "The child was seriously harmed")];

    public static readonly IReadOnlyList<(string, string)> AbuseOrNeglectOptions =
        [(nameof(AbuseOrNeglect.Known), "Known"), (nameof(AbuseOrNeglect.Suspected), "Suspected"), (nameof(AbuseOrNeglect.No), "Neither known nor suspected")];

    public static readonly IReadOnlyList<(string, string)> Locations =
    [
        (nameof(IncidentLocation.InArea), "In the local authority's area"),
        (nameof(IncidentLocation.OutsideEnglandWhileNormallyResident), "Outside England, while the child normally lived in the area"),
        (nameof(IncidentLocation.Elsewhere), "Elsewhere in England"),
    ];

    public static readonly IReadOnlyList<(string, string)> AgencyTypes =
    [
        (nameof(AgencyType.ChildrensSocialCare), "Children's social care"), (nameof(AgencyType.Police), "Police"),
        (nameof(AgencyType.Health), "Health"), (nameof(AgencyType.Education), "Education"),
        (nameof(AgencyType.Probation), "Probation"), (nameof(AgencyType.Other), "Other"),
    ];

    public static readonly IReadOnlyList<(string, string)> Criteria =
    [
        (nameof(CsprCriterion.ImprovementsNeeded), "Improvements are needed to safeguard children, including ones identified before"),
        (nameof(CsprCriterion.RecurrentThemes), "Recurrent themes in safeguarding and promoting the welfare of children"),
        (nameof(CsprCriterion.MultiAgencyWorkingConcerns), "Concerns about two or more agencies working together"),
        (nameof(CsprCriterion.PanelConsidersLocalReviewMoreAppropriate), "The National Panel considers a local review more appropriate"),
        (nameof(CsprCriterion.SingleAgencyConcern), "Concern about the actions of a single agency"),
        (nameof(CsprCriterion.NoAgencyInvolvementConcern), "No agency involvement, and that is a concern"),
        (nameof(CsprCriterion.MoreThanOneAreaInvolved), "More than one local authority, police area or health area is involved"),
        (nameof(CsprCriterion.InstitutionalSetting), "The incident happened in an institutional setting"),
    ];

    public static readonly IReadOnlyList<(string, string)> ProceedingTypes =
    [
        (nameof(ParallelProceedingType.Criminal), "Criminal"), (nameof(ParallelProceedingType.Coroner), "Coroner"),
        (nameof(ParallelProceedingType.FamilyCourt), "Family court"), (nameof(ParallelProceedingType.Other), "Other"),
    ];

    /// <summary>The form as API JSON, the errors only a form can have (dates), and which form row each list item came from.</summary>
    public sealed record Binding(JsonObject Body, List<FieldError> FormErrors, IReadOnlyList<int> AgencyRowOf, IReadOnlyList<int> ProceedingRowOf);

    public static int Rows(IFormCollection? form, string field, int @default) =>
        form is not null && int.TryParse(form[field], out var n) ? Math.Clamp(n, 1, MaxRows) : @default;

    /// <summary>The field of the agencies the partnership usually scopes that the referrer ticked (their index in the directory's list).</summary>
    public const string UsualAgenciesField = "usualAgencies";

    /// <summary>The partnership's usual agencies as the form offers them: "Exampleshire Police (police, safeguarding@police.example)".</summary>
    public static IReadOnlyList<(string Value, string Label)> UsualAgencyOptions(IReadOnlyList<Csp.Workflow.Configuration.ScopingAgencyOptions> usual) =>
        usual.Select((a, i) => (i.ToString(System.Globalization.CultureInfo.InvariantCulture),
            $"{a.Name} ({AgencyTypes.FirstOrDefault(t => t.Item1 == a.AgencyType.ToString()).Item2 ?? a.AgencyType.ToString()}, {a.ContactEmail})")).ToList();

    /// <param name="usual">The agencies the partnership usually scopes; those ticked join the typed rows (an agency typed as well is asked once).</param>
    public static Binding Bind(IFormCollection form, IReadOnlyList<Csp.Workflow.Configuration.ScopingAgencyOptions>? usual = null)
    {
        // Every section is present, so a blank form lists each missing field rather than "Enter the child's details".
        var body = new JsonObject { ["child"] = new JsonObject(), ["incident"] = new JsonObject(), ["referrer"] = new JsonObject(), ["signOff"] = new JsonObject() };
        var errors = new List<FieldError>();

        foreach (var field in TextFields.Concat(ChoiceFields))
        {
            var value = form[field].ToString().Trim();
            if (value.Length > 0) Set(body, field, JsonValue.Create(value));
        }
        foreach (var field in YesNoFields)
        {
            var value = form[field].ToString();
            if (value is "true" or "false") Set(body, field, JsonValue.Create(value == "true"));
        }
        foreach (var (field, label) in Dates)
        {
            switch (DateParts.Read(form, field, label, out var date, out var error))
            {
                case DateParts.Outcome.Date: Set(body, field, JsonValue.Create(DateParts.Iso(date))); break;
                case DateParts.Outcome.Invalid: errors.Add(new FieldError(field, error!)); break;
            }
        }

        var agencies = new JsonArray();
        var agencyRowOf = new List<int>();
        for (var row = 0; row < Rows(form, AgencyRowsField, DefaultAgencyRows); row++)
        {
            var name = form[$"involvedAgencies[{row}].name"].ToString().Trim();
            var type = form[$"involvedAgencies[{row}].agencyType"].ToString().Trim();
            var email = form[$"involvedAgencies[{row}].contactEmail"].ToString().Trim();
            if (name.Length == 0 && type.Length == 0 && email.Length == 0) continue;
            var agency = new JsonObject();
            if (name.Length > 0) agency["name"] = name;
            if (type.Length > 0) agency["agencyType"] = type;
            if (email.Length > 0) agency["contactEmail"] = email;
            agencies.Add(agency);
            agencyRowOf.Add(row);
        }
        foreach (var value in form[UsualAgenciesField])
        {
            if (usual is null || !int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var i) || i >= usual.Count) continue;
            var chosen = usual[i];
            if (agencies.OfType<JsonObject>().Any(a => string.Equals(a["contactEmail"]?.GetValue<string>(), chosen.ContactEmail, StringComparison.OrdinalIgnoreCase))) continue;
            agencies.Add(new JsonObject { ["name"] = chosen.Name, ["agencyType"] = chosen.AgencyType.ToString(), ["contactEmail"] = chosen.ContactEmail });
            // An agency the partnership keeps has no typed row; its errors (if its entry were ever refused) point at the list.
            agencyRowOf.Add(-1);
        }
        body["involvedAgencies"] = agencies;

        var criteria = new JsonArray();
        foreach (var value in form["criteriaReferrerThinksApply"])
        {
            if (!string.IsNullOrEmpty(value)) criteria.Add(value);
        }
        body["criteriaReferrerThinksApply"] = criteria;

        var proceedings = new JsonArray();
        var proceedingRowOf = new List<int>();
        for (var row = 0; row < Rows(form, ProceedingRowsField, DefaultProceedingRows); row++)
        {
            var type = form[$"parallelProceedings[{row}].type"].ToString().Trim();
            var notes = form[$"parallelProceedings[{row}].notes"].ToString().Trim();
            if (type.Length == 0 && notes.Length == 0) continue;
            var proceeding = new JsonObject();
            if (type.Length > 0) proceeding["type"] = type;
            if (notes.Length > 0) proceeding["notes"] = notes;
            proceedings.Add(proceeding);
            proceedingRowOf.Add(row);
        }
        body["parallelProceedings"] = proceedings;

        return new Binding(body, errors, agencyRowOf, proceedingRowOf);
    }

    /// <summary>A referral as the form's values (to correct and resubmit a returned referral).</summary>
    public static Dictionary<string, Microsoft.Extensions.Primitives.StringValues> ToFormValues(Referral referral)
    {
        var values = new Dictionary<string, Microsoft.Extensions.Primitives.StringValues>(StringComparer.Ordinal);
        void Text(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value)) values[name] = value;
        }
        void Date(string name, DateOnly? date)
        {
            if (date is not { } d) return;
            values[name + "-day"] = d.Day.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values[name + "-month"] = d.Month.ToString(System.Globalization.CultureInfo.InvariantCulture);
            values[name + "-year"] = d.Year.ToString(System.Globalization.CultureInfo.InvariantCulture);
        }
        static string? Flag(bool? value) => value switch { true => "true", false => "false", _ => null };

        var c = referral.Child;
        Text("child.firstName", c?.FirstName);
        Text("child.lastName", c?.LastName);
        Date("child.dateOfBirth", c?.DateOfBirth);
        Text("child.gender", c?.Gender?.ToString());
        Text("child.ethnicity", c?.Ethnicity);
        Text("child.homeLocalAuthority", c?.HomeLocalAuthority);
        Text("child.lookedAfter", Flag(c?.LookedAfter));
        Text("child.careLeaver", Flag(c?.CareLeaver));
        var i = referral.Incident;
        Date("incident.dateOfIncident", i?.DateOfIncident);
        Date("incident.dateLocalAuthorityAware", i?.DateLocalAuthorityAware);
        Text("incident.whatHappened", i?.WhatHappened);
        Text("incident.outcome", i?.Outcome?.ToString());
        Text("incident.abuseOrNeglect", i?.AbuseOrNeglect?.ToString());
        Text("incident.location", i?.Location?.ToString());
        var agencies = referral.InvolvedAgencies ?? [];
        for (var row = 0; row < agencies.Count; row++)
        {
            Text($"involvedAgencies[{row}].name", agencies[row]?.Name);
            Text($"involvedAgencies[{row}].agencyType", agencies[row]?.AgencyType?.ToString());
            Text($"involvedAgencies[{row}].contactEmail", agencies[row]?.ContactEmail);
        }
        values[AgencyRowsField] = Math.Clamp(Math.Max(agencies.Count + 1, DefaultAgencyRows), 1, MaxRows).ToString(System.Globalization.CultureInfo.InvariantCulture);
        var r = referral.Referrer;
        Text("referrer.name", r?.Name);
        Text("referrer.role", r?.Role);
        Text("referrer.agency", r?.Agency);
        Text("referrer.email", r?.Email);
        Text("referrer.phone", r?.Phone);
        var s = referral.SignOff;
        Text("signOff.name", s?.Name);
        Text("signOff.role", s?.Role);
        Text("signOff.email", s?.Email);
        Date("signOff.dateSignedOff", s?.DateSignedOff);
        Text("referrerRationale", referral.ReferrerRationale);
        values["criteriaReferrerThinksApply"] = (referral.CriteriaReferrerThinksApply ?? []).Select(x => x.ToString()).ToArray();
        var proceedings = referral.ParallelProceedings ?? [];
        for (var row = 0; row < proceedings.Count; row++)
        {
            Text($"parallelProceedings[{row}].type", proceedings[row]?.Type?.ToString());
            Text($"parallelProceedings[{row}].notes", proceedings[row]?.Notes);
        }
        values[ProceedingRowsField] = Math.Clamp(Math.Max(proceedings.Count + 1, DefaultProceedingRows), 1, MaxRows).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return values;
    }

    /// <summary>Rewrites list indexes in field names from the bound list back to the form's rows.</summary>
    public static IReadOnlyList<FieldError> ToFormFields(IReadOnlyList<FieldError> errors, Binding binding) =>
        errors.Select(e => e with
        {
            Field = RowIndex().Replace(e.Field, m =>
            {
                var list = m.Groups["list"].Value;
                var index = int.Parse(m.Groups["index"].Value, System.Globalization.CultureInfo.InvariantCulture);
                var rows = list == "involvedAgencies" ? binding.AgencyRowOf : list == "parallelProceedings" ? binding.ProceedingRowOf : null;
                var row = rows is not null && index < rows.Count ? rows[index] : index;
                return row < 0 ? UsualAgenciesField + "[" : $"{list}[{row}]";
            }),
        })
        .Select(e => e.Field.StartsWith(UsualAgenciesField + "[", StringComparison.Ordinal) ? e with { Field = UsualAgenciesField } : e)
        // "Add at least one involved agency" points at the first row's name box.
        .Select(e => e.Field == "involvedAgencies" ? e with { Field = "involvedAgencies[0].name" } : e)
        .ToList();

    private static void Set(JsonObject body, string path, JsonNode? value)
    {
        var dot = path.IndexOf('.');
        if (dot < 0)
        {
            body[path] = value;
            return;
        }
        var parent = path[..dot];
        if (body[parent] is not JsonObject child)
        {
            child = new JsonObject();
            body[parent] = child;
        }
        child[path[(dot + 1)..]] = value;
    }

    [GeneratedRegex(@"^(?<list>involvedAgencies|parallelProceedings)\[(?<index>\d+)\]")]
    private static partial Regex RowIndex();
}
