using Csp.Web.Http;
using Csp.Web.Pages;
using Microsoft.AspNetCore.Antiforgery;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;

namespace Csp.Web.Forms;

/// <summary>
/// Reads a page's form post: bounded in size, form-encoded only, and refused unless it carries the
/// anti-forgery token the page rendered (so another site cannot post it in the person's name).
/// </summary>
public static class FormRequests
{
    public readonly record struct FormRead(IFormCollection? Form, IResult? Refusal);

    public static async Task<FormRead> ReadAsync(HttpContext context, int maxBytes, bool allowFiles = false)
    {
        var request = context.Request;
        if (request.ContentLength > maxBytes) return new(null, TooLarge(maxBytes));
        if (!request.HasFormContentType)
            return new(null, PageResults.Message(StatusCodes.Status415UnsupportedMediaType, "The form could not be read",
                "This address accepts only forms sent from this service's pages."));
        RequestBodies.LimitTo(context, maxBytes);
        context.Features.Set<IFormFeature>(new FormFeature(request, new FormOptions
        {
            BufferBody = false,
            ValueCountLimit = 2048,
            KeyLengthLimit = 256,
            ValueLengthLimit = maxBytes,
            MultipartBodyLengthLimit = allowFiles ? RequestLimits.DocumentBytes : RequestLimits.ActionBytes,
            MultipartHeadersLengthLimit = 16 * 1024,
        }));

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted);
        }
        catch (BadHttpRequestException ex) when (ex.StatusCode == StatusCodes.Status413PayloadTooLarge)
        {
            return new(null, TooLarge(maxBytes));
        }
        catch (InvalidDataException)
        {
            // A value, a file or the form as a whole passes its limit, or the encoding is broken.
            return new(null, PageResults.Message(StatusCodes.Status413PayloadTooLarge, "The form is too large or could not be read",
                $"Each document must be {RequestLimits.DocumentBytes / (1024 * 1024)} MB or smaller. Go back and try again."));
        }
        if (!allowFiles && form.Files.Count > 0)
            return new(null, PageResults.Message(StatusCodes.Status400BadRequest, "The form could not be read", "This form does not take files."));

        var antiforgery = context.RequestServices.GetRequiredService<IAntiforgery>();
        try
        {
            await antiforgery.ValidateRequestAsync(context);
        }
        catch (AntiforgeryValidationException)
        {
            return new(null, PageResults.Message(StatusCodes.Status400BadRequest, "This form has expired",
                "Nothing was saved. Go back, reload the page and try again."));
        }
        return new(form, null);
    }

    private static IResult TooLarge(int maxBytes) =>
        PageResults.Message(StatusCodes.Status413PayloadTooLarge, "The form is too large",
            $"Nothing was saved. The form must be {maxBytes / 1024:N0} KB or smaller.");
}
