using System.Text.Json;
using System.Text.Json.Nodes;
using Csp.Domain.Criteria;
using Csp.Domain.Referrals;

namespace Csp.Domain.Tests.Referrals;

public class ReferralValidatorTests
{
    private static readonly DateOnly Today = ReferralBuilder.Today;

    private sealed record InvalidCase(Func<ReferralBuilder, ReferralBuilder> Break, string[] Fields, string Message);

    private static readonly Dictionary<string, InvalidCase> Cases = new()
    {
        ["no child"] = new(b => b.With(r => r with { Child = null }), ["child"], "Enter the child's details"),
        ["blank first name"] = new(b => b.WithChild(c => c with { FirstName = "  " }), ["child.firstName"], "Enter the child's first name"),
        ["long first name"] = new(b => b.WithChild(c => c with { FirstName = new string('a', 201) }), ["child.firstName"], "The child's first name must be 200 characters or fewer"),
        ["no last name"] = new(b => b.WithChild(c => c with { LastName = null }), ["child.lastName"], "Enter the child's last name"),
        ["no date of birth"] = new(b => b.WithChild(c => c with { DateOfBirth = null }), ["child.dateOfBirth"], "Enter the child's date of birth"),
        ["date of birth in future"] = new(b => b.WithChild(c => c with { DateOfBirth = Today.AddDays(1) }), ["child.dateOfBirth"], "must be today or in the past"),
        ["date of birth after incident"] = new(b => b.WithChild(c => c with { DateOfBirth = new DateOnly(2025, 3, 4) }), ["child.dateOfBirth"], "on or before the date of the incident"),
        ["no gender"] = new(b => b.WithChild(c => c with { Gender = null }), ["child.gender"], "Select the child's gender"),
        ["undefined gender"] = new(b => b.WithChild(c => c with { Gender = (Gender)42 }), ["child.gender"], "from the list"),
        ["no ethnicity"] = new(b => b.WithChild(c => c with { Ethnicity = "" }), ["child.ethnicity"], "Enter the child's ethnicity"),
        ["no home LA"] = new(b => b.WithChild(c => c with { HomeLocalAuthority = null }), ["child.homeLocalAuthority"], "Enter the child's home local authority"),
        ["looked after unanswered"] = new(b => b.WithChild(c => c with { LookedAfter = null }), ["child.lookedAfter"], "Select whether the child was looked after"),
        ["care leaver unanswered"] = new(b => b.WithChild(c => c with { CareLeaver = null }), ["child.careLeaver"], "Select whether the young person was a care leaver"),
        ["looked after and care leaver"] = new(b => b.WithChild(c => c with { LookedAfter = true, CareLeaver = true }), ["child.careLeaver"], "cannot be both"),
        ["no incident"] = new(b => b.With(r => r with { Incident = null }), ["incident"], "Enter the details of the incident"),
        ["no incident date"] = new(b => b.WithIncident(i => i with { DateOfIncident = null }), ["incident.dateOfIncident"], "Enter the date of the incident"),
        ["incident in future"] = new(b => b.WithIncident(i => i with { DateOfIncident = Today.AddDays(2), DateLocalAuthorityAware = Today }),
            ["incident.dateOfIncident", "incident.dateLocalAuthorityAware", "signOff.dateSignedOff"], "The date of the incident must be today or in the past"),
        ["no aware date"] = new(b => b.WithIncident(i => i with { DateLocalAuthorityAware = null }), ["incident.dateLocalAuthorityAware"], "Enter the date the local authority became aware"),
        ["aware in future"] = new(b => b.WithIncident(i => i with { DateLocalAuthorityAware = Today.AddDays(1) }), ["incident.dateLocalAuthorityAware"], "must be today or in the past"),
        ["aware before incident"] = new(b => b.WithIncident(i => i with { DateLocalAuthorityAware = new DateOnly(2025, 3, 2) }), ["incident.dateLocalAuthorityAware"], "on or after the date of the incident"),
        ["no narrative"] = new(b => b.WithIncident(i => i with { WhatHappened = null }), ["incident.whatHappened"], "Enter what happened"),
        ["long narrative"] = new(b => b.WithIncident(i => i with { WhatHappened = new string('x', 20_001) }), ["incident.whatHappened"], "What happened must be 20,000 characters or fewer"),
        ["no outcome"] = new(b => b.WithIncident(i => i with { Outcome = null }), ["incident.outcome"], "Select whether the child died or was seriously harmed"),
        ["no abuse answer"] = new(b => b.WithIncident(i => i with { AbuseOrNeglect = null }), ["incident.abuseOrNeglect"], "Select whether abuse or neglect is known or suspected"),
        ["no location"] = new(b => b.WithIncident(i => i with { Location = null }), ["incident.location"], "Select where the incident happened"),
        ["no agencies"] = new(b => b.WithAgencies(), ["involvedAgencies"], "Add at least one involved agency"),
        ["null agencies"] = new(b => b.With(r => r with { InvolvedAgencies = null! }), ["involvedAgencies"], "Add at least one involved agency"),
        ["null agency entry"] = new(b => b.With(r => r with { InvolvedAgencies = [r.InvolvedAgencies[0], null!] }), ["involvedAgencies[1]"], "Enter the agency's details or remove it"),
        ["agency without name"] = new(b => b.WithAgency(0, a => a with { Name = null }), ["involvedAgencies[0].name"], "Enter the agency's name"),
        ["agency without type"] = new(b => b.WithAgency(1, a => a with { AgencyType = null }), ["involvedAgencies[1].agencyType"], "Select the type of agency"),
        ["agency email malformed"] = new(b => b.WithAgency(1, a => a with { ContactEmail = "not-an-email" }), ["involvedAgencies[1].contactEmail"], "Enter the contact email address for Exampleshire Police in the correct format"),
        ["agency email no dotted domain"] = new(b => b.WithAgency(1, a => a with { ContactEmail = "team@localhost" }), ["involvedAgencies[1].contactEmail"], "correct format"),
        ["agency email with display name"] = new(b => b.WithAgency(1, a => a with { ContactEmail = "Team <team@police.example>" }), ["involvedAgencies[1].contactEmail"], "correct format"),
        ["agency email two at signs"] = new(b => b.WithAgency(0, a => a with { ContactEmail = "a@b@c.example" }), ["involvedAgencies[0].contactEmail"], "correct format"),
        ["agency email missing"] = new(b => b.WithAgency(0, a => a with { ContactEmail = " " }), ["involvedAgencies[0].contactEmail"], "Enter the contact email address for Exampleshire Children's Services"),
        ["no referrer"] = new(b => b.With(r => r with { Referrer = null }), ["referrer"], "Enter your details as the referrer"),
        ["referrer without name"] = new(b => b.WithReferrer(r => r with { Name = "" }), ["referrer.name"], "Enter your name"),
        ["referrer without role"] = new(b => b.WithReferrer(r => r with { Role = null }), ["referrer.role"], "Enter your role"),
        ["referrer without agency"] = new(b => b.WithReferrer(r => r with { Agency = null }), ["referrer.agency"], "Enter your agency"),
        ["referrer email malformed"] = new(b => b.WithReferrer(r => r with { Email = "pat at example.org" }), ["referrer.email"], "correct format"),
        ["referrer phone malformed"] = new(b => b.WithReferrer(r => r with { Phone = "call me" }), ["referrer.phone"], "Enter a phone number"),
        ["referrer phone too few digits"] = new(b => b.WithReferrer(r => r with { Phone = "(((   )))--1" }), ["referrer.phone"], "Enter a phone number"),
        ["no sign-off"] = new(b => b.With(r => r with { SignOff = null }), ["signOff"], "A senior manager in your agency must sign off the referral"),
        ["sign-off without name"] = new(b => b.WithSignOff(s => s with { Name = null }), ["signOff.name"], "Enter the senior manager's name"),
        ["sign-off without role"] = new(b => b.WithSignOff(s => s with { Role = null }), ["signOff.role"], "Enter the senior manager's role"),
        ["sign-off email malformed"] = new(b => b.WithSignOff(s => s with { Email = "morgan@" }), ["signOff.email"], "correct format"),
        ["sign-off undated"] = new(b => b.WithSignOff(s => s with { DateSignedOff = null }), ["signOff.dateSignedOff"], "Enter the date the senior manager signed off"),
        ["sign-off in future"] = new(b => b.WithSignOff(s => s with { DateSignedOff = Today.AddDays(1) }), ["signOff.dateSignedOff"], "must be today or in the past"),
        ["sign-off before incident"] = new(b => b.WithSignOff(s => s with { DateSignedOff = new DateOnly(2025, 3, 1) }), ["signOff.dateSignedOff"], "on or after the date of the incident"),
        ["no rationale"] = new(b => b.With(r => r with { ReferrerRationale = null }), ["referrerRationale"], "Enter the reason you think this case needs a review"),
        ["criterion twice"] = new(b => b.With(r => r with { CriteriaReferrerThinksApply = [CsprCriterion.RecurrentThemes, CsprCriterion.RecurrentThemes] }), ["criteriaReferrerThinksApply"], "only once"),
        ["undefined criterion"] = new(b => b.With(r => r with { CriteriaReferrerThinksApply = [(CsprCriterion)99] }), ["criteriaReferrerThinksApply[0]"], "Select a criterion from the list"),
        ["proceedings without type"] = new(b => b.With(r => r with { ParallelProceedings = [new ParallelProceeding { Notes = "Inquest" }] }), ["parallelProceedings[0].type"], "Select the type of proceedings"),
        ["other proceedings without notes"] = new(b => b.With(r => r with { ParallelProceedings = [new ParallelProceeding { Type = ParallelProceedingType.Other }] }), ["parallelProceedings[0].notes"], "Enter what the other proceedings are"),
        ["date of birth in year 1"] = new(b => b.WithChild(c => c with { DateOfBirth = DateOnly.MinValue }), ["child.dateOfBirth"], "24 or younger on the date of the incident"),
        ["twenty-five on the day"] = new(b => b.WithChild(c => c with { DateOfBirth = new DateOnly(2000, 3, 3) }), ["child.dateOfBirth"], "24 or younger"),
        ["line break in first name"] = new(b => b.WithChild(c => c with { FirstName = "Robin\r\nBcc: x@evil.example" }), ["child.firstName"], "one line of text"),
        ["NUL in last name"] = new(b => b.WithChild(c => c with { LastName = "Test\0child" }), ["child.lastName"], "without line breaks or control characters"),
        ["header injection in agency name"] = new(b => b.WithAgency(0, a => a with { Name = "\r\nBcc: evil@evil.example" }), ["involvedAgencies[0].name"], "one line of text"),
        ["tab in referrer role"] = new(b => b.WithReferrer(r => r with { Role = "Health\tvisitor" }), ["referrer.role"], "one line of text"),
        ["NUL in narrative"] = new(b => b.WithIncident(i => i with { WhatHappened = "First line\0" }), ["incident.whatHappened"], "must not contain control characters"),
        ["NUL in email"] = new(b => b.WithSignOff(s => s with { Email = "morgan\0@health.example" }), ["signOff.email"], "correct format"),
        ["proceedings notes too long"] = new(b => b.With(r => r with { ParallelProceedings = [new ParallelProceeding { Type = ParallelProceedingType.Coroner, Notes = new string('n', 5_001) }] }), ["parallelProceedings[0].notes"], "Notes must be 5,000 characters or fewer"),
    };

    public static TheoryData<string> CaseNames => new(Cases.Keys);

    [Fact]
    public void Validate_ValidReferral_NoErrors()
    {
        Assert.Empty(ReferralValidator.Validate(new ReferralBuilder().Build(), Today));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_OneFieldInvalid_ReportsExactlyThatField(string caseName)
    {
        var invalid = Cases[caseName];

        var errors = ReferralValidator.Validate(invalid.Break(new ReferralBuilder()).Build(), Today);

        Assert.Equal(invalid.Fields.Order(), errors.Select(e => e.Field).Order());
        Assert.Contains(errors, e => e.Field == invalid.Fields[0] && e.Message.Contains(invalid.Message, StringComparison.Ordinal));
    }

    [Theory]
    [MemberData(nameof(CaseNames))]
    public void Validate_ReportedFieldName_IsAJsonPathInTheSerialisedReferral(string caseName)
    {
        // The field names must find the form control: each one (without a trailing index) must name
        // a property that the camelCase JSON of a complete referral has.
        var json = JsonSerializer.SerializeToNode(new ReferralBuilder().Build(), JsonSerializerOptions.Web)!;
        foreach (var field in Cases[caseName].Fields)
        {
            Assert.True(Resolves(json, field), $"'{field}' does not resolve in {json.ToJsonString()}");
        }
    }

    [Fact]
    public void Validate_LineBreaksAndTabsInNarratives_AreAllowed()
    {
        var referral = new ReferralBuilder()
            .WithIncident(i => i with { WhatHappened = "First paragraph.\r\n\r\nSecond paragraph,\tindented." })
            .With(r => r with { ReferrerRationale = "One.\nTwo." })
            .WithChild(c => c with { DateOfBirth = new DateOnly(2000, 3, 4) }) // 24 on the day of the incident: a care leaver may be.
            .Build();

        Assert.Empty(ReferralValidator.Validate(referral, Today));
    }

    [Fact]
    public void Trimmed_NamesAndEmails_AreKeptWithoutSurroundingSpaces()
    {
        var referral = new ReferralBuilder()
            .WithChild(c => c with { FirstName = "  Robin " })
            .WithAgency(0, a => a with { Name = " Exampleton Police\t", ContactEmail = " ppu@police.example " })
            .WithSignOff(s => s with { Email = "morgan@health.example  " })
            .Build();

        var trimmed = referral.Trimmed();

        Assert.Equal("Robin", trimmed.Child!.FirstName);
        Assert.Equal("Exampleton Police", trimmed.InvolvedAgencies[0].Name);
        Assert.Equal("ppu@police.example", trimmed.InvolvedAgencies[0].ContactEmail);
        Assert.Equal("morgan@health.example", trimmed.SignOff!.Email);
        Assert.Empty(ReferralValidator.Validate(trimmed, Today));
    }

    [Fact]
    public void Validate_EmptyReferral_ReportsEverySectionAtOnce()
    {
        var errors = ReferralValidator.Validate(new Referral(), Today);

        Assert.Equal(
            ["child", "incident", "involvedAgencies", "referrer", "signOff", "referrerRationale"],
            errors.Select(e => e.Field));
    }

    [Fact]
    public void Validate_ManyInvalidFields_ReportsEveryOne()
    {
        var referral = new ReferralBuilder()
            .WithChild(c => c with { FirstName = null, DateOfBirth = Today.AddYears(1) })
            .WithIncident(i => i with { WhatHappened = "", Location = null })
            .WithAgency(0, a => a with { ContactEmail = "nope" })
            .WithAgency(1, a => a with { Name = "" })
            .WithReferrer(r => r with { Email = null })
            .WithSignOff(s => s with { DateSignedOff = null })
            .Build();

        var errors = ReferralValidator.Validate(referral, Today);

        Assert.Equal(
        [
            "child.firstName", "child.dateOfBirth", "incident.whatHappened", "incident.location",
            "involvedAgencies[0].contactEmail", "involvedAgencies[1].name", "referrer.email", "signOff.dateSignedOff",
        ], errors.Select(e => e.Field));
        Assert.All(errors, e => Assert.False(string.IsNullOrWhiteSpace(e.Message)));
    }

    [Fact]
    public void Validate_TextAtExactLimits_IsAccepted()
    {
        var referral = new ReferralBuilder()
            .WithChild(c => c with { FirstName = new string('a', 200), LastName = new string('b', 200) })
            .WithIncident(i => i with { WhatHappened = new string('x', 20_000) })
            .Build();

        Assert.Empty(ReferralValidator.Validate(referral, Today));
    }

    [Fact]
    public void Validate_DatesOnTheBoundaries_AreAccepted()
    {
        // Born, harmed, known about and signed off all today.
        var referral = new ReferralBuilder()
            .WithChild(c => c with { DateOfBirth = Today })
            .WithIncident(i => i with { DateOfIncident = Today, DateLocalAuthorityAware = Today })
            .WithSignOff(s => s with { DateSignedOff = Today })
            .Build();

        Assert.Empty(ReferralValidator.Validate(referral, Today));
    }

    [Fact]
    public void Validate_OptionalPartsAbsent_IsAccepted()
    {
        var referral = new ReferralBuilder()
            .WithReferrer(r => r with { Phone = null })
            .With(r => r with { CriteriaReferrerThinksApply = [], ParallelProceedings = [] })
            .Build();

        Assert.Empty(ReferralValidator.Validate(referral, Today));
    }

    [Theory]
    [InlineData("name@example.org", true)]
    [InlineData("first.last+tag@sub.domain.example", true)]
    [InlineData(" name@example.org ", true)]
    [InlineData("name@example", false)]
    [InlineData("name@.org", false)]
    [InlineData("name example.org", false)]
    [InlineData("\"Name\" <name@example.org>", false)]
    public void IsEmailAddress_Value_AcceptsOnlyAPlainAddress(string value, bool expected)
    {
        Assert.Equal(expected, ReferralValidator.IsEmailAddress(value));
    }

    [Fact]
    public void Serialise_Referral_UsesCamelCaseAndStringEnums()
    {
        var json = JsonSerializer.SerializeToNode(new ReferralBuilder().Build(), JsonSerializerOptions.Web)!;

        Assert.Equal("SeriousHarm", json["incident"]!["outcome"]!.GetValue<string>());
        Assert.Equal("Police", json["involvedAgencies"]![1]!["agencyType"]!.GetValue<string>());
        Assert.Equal("MultiAgencyWorkingConcerns", json["criteriaReferrerThinksApply"]![0]!.GetValue<string>());
        Assert.Equal("2019-07-02", json["child"]!["dateOfBirth"]!.GetValue<string>());
    }

    private static bool Resolves(JsonNode root, string path)
    {
        JsonNode? node = root;
        foreach (var segment in path.Split('.'))
        {
            var bracket = segment.IndexOf('[');
            var name = bracket < 0 ? segment : segment[..bracket];
            if (node is not JsonObject obj || !obj.ContainsKey(name)) return false;
            node = obj[name];
            if (bracket >= 0)
            {
                var index = int.Parse(segment[(bracket + 1)..^1]);
                if (node is not JsonArray array || index >= array.Count) return false;
                node = array[index];
            }
        }
        return true;
    }
}
