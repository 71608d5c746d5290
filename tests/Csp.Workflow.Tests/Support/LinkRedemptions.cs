using System.Text.Json;
using Csp.Workflow.Application;
using Csp.Workflow.Ports;

namespace Csp.Workflow.Tests.Support;

/// <summary>Redeems a link as the person it was sent to, having proved it (signed in as them, or with the code entered).</summary>
public static class LinkRedemptions
{
    public static Task<LinkRedemption> RedeemAsRecipientAsync(this ICapabilityLinks links, string token, JsonElement submission, CancellationToken cancellation) =>
        links.RedeemAsRecipientAsync(token, submission, [], cancellation);

    public static async Task<LinkRedemption> RedeemAsRecipientAsync(this ICapabilityLinks links, string token, JsonElement submission, IReadOnlyList<UploadedDocument> documents, CancellationToken cancellation)
    {
        var lookup = await links.LookupAsync(token, cancellation);
        var caller = lookup.Recipient is { } recipient ? LinkCaller.ProvenAs(recipient) : LinkCaller.Anonymous;
        var result = await links.RedeemAsync(token, submission, documents, caller, cancellation);
        // The recipient, proved, is never turned away: a refusal here is a fault, not an outcome to assert on.
        if (result.Refused is { } refused) throw new InvalidOperationException($"The recipient was refused: {refused.Refusal}.");
        return result;
    }
}
