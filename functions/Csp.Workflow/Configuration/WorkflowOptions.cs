using System.Globalization;

namespace Csp.Workflow.Configuration;

/// <summary>Settings of the workflow itself (section <c>Csp</c>): public links, approvals, reminder timing, storage.</summary>
public sealed class WorkflowOptions
{
    public const string SectionName = "Csp";

    /// <summary>The public address of the web app; links in emails start with it (e.g. <c>https://csp.example.org</c>).</summary>
    public string PublicBaseUrl { get; set; } = "";

    public ApprovalOptions Approvals { get; set; } = new();

    public ReminderOptions Reminders { get; set; } = new();

    public WorkflowStorageOptions Storage { get; set; } = new();

    /// <summary>The prefix of incident references: <c>CSP</c> gives <c>CSP-2026-0042</c>.</summary>
    public string ReferencePrefix { get; set; } = "CSP";

    /// <summary>
    /// How long, at most, a page, link or API call waits for the process to decide what was sent
    /// before answering "still being recorded" (202); never "recorded" for what it has not decided.
    /// </summary>
    public int SubmissionPatienceSeconds { get; set; } = 10;

    public Uri PublicBase => new(PublicBaseUrl.TrimEnd('/') + "/", UriKind.Absolute);
}

/// <summary>Who approves the Rapid Review decision and report before it goes to the National Panel (section <c>Csp:Approvals</c>).</summary>
public sealed class ApprovalOptions
{
    public const string Chair = "chair";
    public const string Scrutineer = "scrutineer";

    /// <summary><c>chair</c> (the Rapid Review chair) or <c>scrutineer</c> (the independent scrutineer).</summary>
    public string Approver { get; set; } = Chair;
}

/// <summary>
/// When durable timers fire (section <c>Csp:Reminders</c>). Every reminder and escalation fires at
/// <see cref="TimeOfDay"/> UK local time on a working day: a person reads it at the start of their day,
/// and a due date means "by the end of that working day", so an escalation goes out the next working morning.
/// </summary>
public sealed class ReminderOptions
{
    /// <summary>Local time of day (HH:mm) at which reminders and escalations fire.</summary>
    public string TimeOfDay { get; set; } = "09:00";

    /// <summary>IANA time zone of the partnership.</summary>
    public string TimeZone { get; set; } = "Europe/London";

    /// <summary>Working days before a due date that a reminder goes out.</summary>
    public int WorkingDaysBeforeDue { get; set; } = 1;

    /// <summary>Working days between repeated escalations of a missed day-scale deadline.</summary>
    public int EscalationRepeatWorkingDays { get; set; } = 2;

    /// <summary>Working days between repeated escalations of a missed month-scale deadline (CSPR, other learning review).</summary>
    public int LongEscalationRepeatWorkingDays { get; set; } = 10;

    /// <summary>Escalations sent for one missed deadline before they stop (the deadline stays overdue on the dashboard).</summary>
    public int MaxEscalations { get; set; } = 12;

    /// <summary>Working days the business unit has to quality-assure a referral (or a corrected one) before it is chased.</summary>
    public int ReferralQaWorkingDays { get; set; } = 2;

    /// <summary>Working days an agency has to resubmit a scoping return that quality assurance sent back.</summary>
    public int ScopingResubmissionWorkingDays { get; set; } = 2;

    /// <summary>Working days before the Rapid Review decision deadline that the first warning goes out.</summary>
    public int DecisionWarningWorkingDays { get; set; } = 3;

    /// <summary>Working days after the report was sent to chase the National Panel for its response.</summary>
    public int PanelResponseChaseWorkingDays { get; set; } = 10;

    /// <summary>Working days before the Rapid Review meeting that quorum is checked.</summary>
    public int QuorumCheckWorkingDaysBefore { get; set; } = 2;

    /// <summary>Days an emailed link lives at most (it dies earlier when its step closes).</summary>
    public int LinkLifetimeDays { get; set; } = 90;

    public TimeOnly LocalTimeOfDay => TimeOnly.ParseExact(TimeOfDay, "HH:mm", CultureInfo.InvariantCulture);
}

/// <summary>Where the workflow keeps its records (section <c>Csp:Storage</c>).</summary>
public sealed class WorkflowStorageOptions
{
    /// <summary><c>Table</c> (Azure Table and Blob storage, the default) or <c>InMemory</c> (tests, simulations).</summary>
    public string Mode { get; set; } = Table;

    public const string Table = "Table";
    public const string InMemory = "InMemory";

    /// <summary>Prefix of the tables and containers the workflow creates.</summary>
    public string TablePrefix { get; set; } = "Csp";

    /// <summary>
    /// Keep incidents read from Table storage in memory until this process writes them (or 30 s pass).
    /// Only for a host that is the read model's only writer, such as the local host; off by default.
    /// </summary>
    public bool CacheReadModel { get; set; }

    public bool UsesInMemory => string.Equals(Mode, InMemory, StringComparison.OrdinalIgnoreCase);
}
