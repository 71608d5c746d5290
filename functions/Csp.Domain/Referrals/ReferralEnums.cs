using System.Text.Json.Serialization;

namespace Csp.Domain.Referrals;

[JsonConverter(typeof(JsonStringEnumConverter<Gender>))]
public enum Gender
{
    Female,
    Male,
    Other,
    NotKnown,
}

/// <summary>What happened to the child: the second limb of the s16C notifiable test.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentOutcome>))]
public enum IncidentOutcome
{
    Death,
    SeriousHarm,
}

/// <summary>Whether abuse or neglect is known or suspected: the first limb of the s16C test.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<AbuseOrNeglect>))]
public enum AbuseOrNeglect
{
    Known,
    Suspected,
    No,
}

/// <summary>Where the death or serious harm happened, relative to the local authority's area.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<IncidentLocation>))]
public enum IncidentLocation
{
    /// <summary>In the local authority's area.</summary>
    InArea,

    /// <summary>Outside England, while the child was normally resident in the area.</summary>
    OutsideEnglandWhileNormallyResident,

    /// <summary>Anywhere else (another English area): that area's partnership is responsible.</summary>
    Elsewhere,
}

[JsonConverter(typeof(JsonStringEnumConverter<AgencyType>))]
public enum AgencyType
{
    ChildrensSocialCare,
    Police,
    Health,
    Education,
    Probation,
    Other,
}

[JsonConverter(typeof(JsonStringEnumConverter<ParallelProceedingType>))]
public enum ParallelProceedingType
{
    Criminal,
    Coroner,
    FamilyCourt,
    Other,
}
