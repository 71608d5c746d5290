namespace Csp.Integrations.Mail;

/// <summary>The email service kept answering 429 or 5xx (or not at all) through every attempt: the activity retries later.</summary>
public sealed class EmailServiceUnavailableException(string message, Exception? inner = null) : Exception(message, inner);
