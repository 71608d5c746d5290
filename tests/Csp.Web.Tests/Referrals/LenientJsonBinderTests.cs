using System.Text.Json.Nodes;
using Csp.Domain;
using Csp.Domain.Referrals;
using Csp.Web.Referrals;

namespace Csp.Web.Tests.Referrals;

public sealed class LenientJsonBinderTests
{
    [Fact]
    public void Bind_SeveralWrongTypes_ReportsEachAndKeepsTheRest()
    {
        var json = JsonNode.Parse("""
            { "child": { "firstName": 5, "lastName": "Kept", "dateOfBirth": "yesterday", "lookedAfter": "no" },
              "involvedAgencies": [ { "name": "A", "agencyType": "Nope" }, "not an object" ],
              "criteriaReferrerThinksApply": [ "Bogus" ] }
            """)!.AsObject();
        var errors = new List<FieldError>();

        var referral = LenientJsonBinder.Bind<Referral>(json, errors);

        Assert.Equal(
            ["child.firstName", "child.dateOfBirth", "child.lookedAfter", "involvedAgencies[0].agencyType", "involvedAgencies[1]", "criteriaReferrerThinksApply[0]"],
            errors.Select(e => e.Field));
        Assert.Equal("Kept", referral.Child!.LastName);
        Assert.Equal("A", referral.InvolvedAgencies[0].Name);
        Assert.Equal("Enter text (in double quotes)", errors[0].Message);
        Assert.Equal("Enter true or false", errors[2].Message);
        Assert.Equal("Enter an object (in curly brackets) with the expected fields", errors[4].Message);
    }

    [Fact]
    public void Merge_UnreadableFieldReplacesTheValidatorsMissingMessageInPlace()
    {
        IReadOnlyList<FieldError> unreadable = [new("child.dateOfBirth", "Enter a real date"), new("extra[0]", "Odd")];
        IReadOnlyList<FieldError> validation = [new("child.firstName", "Enter first"), new("child.dateOfBirth", "Enter the date of birth"), new("referrer", "Enter you")];

        var merged = ReferralIntake.Merge(unreadable, validation);

        Assert.Equal(["child.firstName:Enter first", "child.dateOfBirth:Enter a real date", "referrer:Enter you", "extra[0]:Odd"], merged.Select(e => e.Field + ":" + e.Message));
    }

    [Theory]
    [InlineData("involvedAgencies[1].contactEmail", "#/involvedAgencies/1/contactEmail")]
    [InlineData("child", "#/child")]
    [InlineData("a~b/c", "#/a~0b~1c")]
    public void JsonPointer_FollowsRfc6901(string field, string pointer) =>
        Assert.Equal(pointer, Csp.Web.Http.Problems.JsonPointer(field));
}
