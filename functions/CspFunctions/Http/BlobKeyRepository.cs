using System.Xml.Linq;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.AspNetCore.DataProtection.Repositories;

namespace CspFunctions.Http;

/// <summary>
/// ASP.NET Core data-protection keys in one blob of the app's storage account, shared by every
/// worker instance. Anti-forgery tokens on forms (staff pages, capability links) are protected with
/// these keys, and the instance that shows a form is often not the one that receives it; keys kept
/// per instance would refuse the post as "This form has expired". A new key is appended under the
/// blob's ETag, so two instances creating keys at once both keep theirs.
/// (<c>Azure.Extensions.AspNetCore.DataProtection.Blobs</c> does this but is not served here.)
/// </summary>
public sealed class BlobKeyRepository(BlobContainerClient container, string blobName = BlobKeyRepository.DefaultBlobName) : IXmlRepository
{
    public const string DefaultBlobName = "keys.xml";

    private const string RootName = "repository";

    private readonly BlobClient _blob = container.GetBlobClient(blobName);

    public IReadOnlyCollection<XElement> GetAllElements()
    {
        var (document, _) = Read();
        return document?.Root?.Elements().Select(e => new XElement(e)).ToList() ?? [];
    }

    public void StoreElement(XElement element, string friendlyName)
    {
        ArgumentNullException.ThrowIfNull(element);
        container.CreateIfNotExists();
        for (var attempt = 0; ; attempt++)
        {
            var (document, etag) = Read();
            document ??= new XDocument(new XElement(RootName));
            document.Root!.Add(new XElement(element));
            var conditions = etag is { } match ? new BlobRequestConditions { IfMatch = match } : new BlobRequestConditions { IfNoneMatch = ETag.All };
            try
            {
                _blob.Upload(BinaryData.FromString(document.ToString(SaveOptions.DisableFormatting)),
                    new BlobUploadOptions { Conditions = conditions, HttpHeaders = new BlobHttpHeaders { ContentType = "application/xml" } });
                return;
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 10)
            {
                // Another instance wrote a key first: read its version and add ours to it.
            }
        }
    }

    private (XDocument? Document, ETag? ETag) Read()
    {
        try
        {
            var content = _blob.DownloadContent();
            return (XDocument.Parse(content.Value.Content.ToString()), content.Value.Details.ETag);
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return (null, null);
        }
    }
}
