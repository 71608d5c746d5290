using System.Text.Json;
using System.Text.Json.Serialization;
using Csp.Domain;
using Csp.Domain.Incidents;
using Csp.Domain.Referrals;
using Csp.Domain.Timescales;

namespace Csp.Workflow.Application;

public static class StaffRoles
{
    public const string BusinessUnit = "business-unit";
    public const string Chair = "chair";
    public const string Scrutineer = "scrutineer";
    public const string ReadOnly = "read-only";
}
