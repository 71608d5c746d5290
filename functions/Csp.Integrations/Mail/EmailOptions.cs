using Microsoft.Extensions.Options;

namespace Csp.Integrations.Mail;

/// <summary>
/// Which email service carries the workflow's emails, and its settings (section <c>Csp:Email</c>).
/// <c>Mailbox</c> (the default) keeps every email in the development mailbox; <c>SendGrid</c> and
/// <c>Notify</c> deliver them.
/// </summary>
public sealed class EmailOptions
{
    public const string SectionName = "Csp:Email";
    public const string Mailbox = "Mailbox";
    public const string SendGridProvider = "SendGrid";
    public const string NotifyProvider = "Notify";

    public string Provider { get; set; } = Mailbox;

    /// <summary>The partnership's sending address (SendGrid: a verified sender or domain); empty: the business unit's address.</summary>
    public string FromAddress { get; set; } = "";

    /// <summary>The sender's name; empty: the partnership's name.</summary>
    public string FromName { get; set; } = "";

    /// <summary>Where replies go (usually the business unit's mailbox); empty: the from address.</summary>
    public string ReplyToAddress { get; set; } = "";

    public SendGridEmailOptions SendGrid { get; set; } = new();

    public NotifyEmailOptions Notify { get; set; } = new();

    /// <summary>Attempts per email while the service answers 429 or 5xx (or does not answer).</summary>
    public int MaxAttempts { get; set; } = 5;

    /// <summary>The longest wait between attempts, whatever <c>Retry-After</c> asks for.</summary>
    public int MaxRetryDelaySeconds { get; set; } = 60;

    public bool UsesSendGrid => string.Equals(Provider, SendGridProvider, StringComparison.OrdinalIgnoreCase);

    public bool UsesNotify => string.Equals(Provider, NotifyProvider, StringComparison.OrdinalIgnoreCase);
}

/// <summary>SendGrid v3 settings (section <c>Csp:Email:SendGrid</c>).</summary>
public sealed class SendGridEmailOptions
{
    /// <summary>The API key (mail send permission); in Azure a Key Vault reference.</summary>
    public string ApiKey { get; set; } = "";

    /// <summary>The API's base address; tests point it at a fake on loopback.</summary>
    public string Host { get; set; } = "https://api.sendgrid.com";

    /// <summary>SendGrid validates each email and sends nothing (for trials).</summary>
    public bool SandboxMode { get; set; }

    /// <summary>The Event Webhook's verification key (base64 ECDSA P-256 public key from the SendGrid console); empty: the webhook is off.</summary>
    public string WebhookPublicKey { get; set; } = "";

    /// <summary>How old a signed webhook request may be before it is refused (replay protection).</summary>
    public int WebhookMaxAgeMinutes { get; set; } = 10;
}

/// <summary>GOV.UK Notify settings (section <c>Csp:Email:Notify</c>).</summary>
public sealed class NotifyEmailOptions
{
    /// <summary>The API key (<c>{name}-{service id}-{secret}</c>); in Azure a Key Vault reference.</summary>
    public string ApiKey { get; set; } = "";

    public string BaseUrl { get; set; } = "https://api.notifications.service.gov.uk";

    /// <summary>The Notify reply-to address id; empty: the service's default.</summary>
    public string ReplyToId { get; set; } = "";

    /// <summary>
    /// Template ids by kind of message (the first part of the email's step: <c>referral</c>,
    /// <c>notification</c>, <c>scoping</c>, <c>meeting</c>, <c>decision</c>, <c>cspr</c>,
    /// <c>publication</c>, <c>actionplan</c>, <c>watch</c>, <c>delivery-problem</c>); <c>Default</c> for the rest.
    /// Each template is ((subject)) as its subject and ((body)) as its body.
    /// </summary>
    public Dictionary<string, string> Templates { get; set; } = new(StringComparer.OrdinalIgnoreCase);

    /// <summary>The bearer token Notify sends with delivery receipts (set in the Notify console); empty: the callback is off.</summary>
    public string CallbackBearerToken { get; set; } = "";

    public string TemplateFor(string? step)
    {
        var kind = (step ?? "").Split(':', 2)[0];
        return kind.Length > 0 && Templates.TryGetValue(kind, out var id) && id.Length > 0 ? id : Templates.GetValueOrDefault("Default", "");
    }
}

/// <summary>Checks <c>Csp:Email</c> at start-up: a known provider with what it needs.</summary>
public sealed class EmailOptionsValidator : IValidateOptions<EmailOptions>
{
    public ValidateOptionsResult Validate(string? name, EmailOptions options)
    {
        var problems = new List<string>();
        if (!(options.UsesSendGrid || options.UsesNotify || string.Equals(options.Provider, EmailOptions.Mailbox, StringComparison.OrdinalIgnoreCase)))
            problems.Add("Csp:Email:Provider must be 'Mailbox', 'SendGrid' or 'Notify'.");
        if (options.MaxAttempts is < 1 or > 10) problems.Add("Csp:Email:MaxAttempts must be 1 to 10.");
        if (options.MaxRetryDelaySeconds is < 0 or > 600) problems.Add("Csp:Email:MaxRetryDelaySeconds must be 0 to 600.");
        if (options.UsesSendGrid)
        {
            if (string.IsNullOrWhiteSpace(options.SendGrid.ApiKey)) problems.Add("Csp:Email:SendGrid:ApiKey is required when Csp:Email:Provider is SendGrid.");
            if (options.FromAddress.Length > 0 && !IsAddress(options.FromAddress)) problems.Add("Csp:Email:FromAddress must be an email address (the partnership's verified SendGrid sender).");
            if (options.ReplyToAddress.Length > 0 && !IsAddress(options.ReplyToAddress)) problems.Add("Csp:Email:ReplyToAddress must be an email address.");
            if (!Uri.TryCreate(options.SendGrid.Host, UriKind.Absolute, out var host) || host.Scheme is not ("https" or "http"))
                problems.Add("Csp:Email:SendGrid:Host must be an absolute http(s) address.");
            if (options.SendGrid.WebhookPublicKey.Length > 0 && !SendGridEventSignature.IsValidKey(options.SendGrid.WebhookPublicKey))
                problems.Add("Csp:Email:SendGrid:WebhookPublicKey is not a base64 ECDSA public key (copy it from the SendGrid console).");
            if (options.SendGrid.WebhookMaxAgeMinutes is < 1 or > 1440) problems.Add("Csp:Email:SendGrid:WebhookMaxAgeMinutes must be 1 to 1440.");
        }
        if (options.UsesNotify)
        {
            if (string.IsNullOrWhiteSpace(options.Notify.ApiKey) || options.Notify.ApiKey.Length < 74)
                problems.Add("Csp:Email:Notify:ApiKey is required when Csp:Email:Provider is Notify (the whole key: name, service id and secret).");
            if (string.IsNullOrWhiteSpace(options.Notify.Templates.GetValueOrDefault("Default")))
                problems.Add("Csp:Email:Notify:Templates:Default is required when Csp:Email:Provider is Notify.");
            if (!Uri.TryCreate(options.Notify.BaseUrl, UriKind.Absolute, out var baseUrl) || baseUrl.Scheme is not ("https" or "http"))
                problems.Add("Csp:Email:Notify:BaseUrl must be an absolute http(s) address.");
        }
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }

    private static bool IsAddress(string value) => Csp.Domain.EmailAddresses.IsValid(value);
}
