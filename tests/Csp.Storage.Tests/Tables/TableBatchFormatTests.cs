using Csp.Storage.Tables;

namespace Csp.Storage.Tests.Tables;

public sealed class TableBatchFormatTests
{
    [Fact]
    public void ParseResponse_DocumentedErrorSample_FindsStatusAndIndexFromMessagePrefix()
    {
        // Shape of the "sample error response" of "Performing entity group transactions".
        const string body =
            "--batchresponse_7ab1c03b-5f0b-4ac4-be83-aa8cd4d4c1d4\r\n" +
            "Content-Type: multipart/mixed; boundary=changesetresponse_6cc7e6ab-8a33-4a3a-9b9c-2e1bd4e2e7ea\r\n\r\n" +
            "--changesetresponse_6cc7e6ab-8a33-4a3a-9b9c-2e1bd4e2e7ea\r\n" +
            "Content-Type: application/http\r\nContent-Transfer-Encoding: binary\r\n\r\n" +
            "HTTP/1.1 400 Bad Request\r\nContent-ID: 2\r\nX-Content-Type-Options: nosniff\r\n" +
            "DataServiceVersion: 3.0;\r\nContent-Type: application/json;odata=minimalmetadata;streaming=true;charset=utf-8\r\n\r\n" +
            "{\"odata.error\":{\"code\":\"InvalidInput\",\"message\":{\"lang\":\"en-US\",\"value\":\"1:One of the request inputs is not valid.\\nRequestId:abc\\nTime:2015-01-01T00:00:00Z\"}}}\r\n" +
            "--changesetresponse_6cc7e6ab-8a33-4a3a-9b9c-2e1bd4e2e7ea--\r\n" +
            "--batchresponse_7ab1c03b-5f0b-4ac4-be83-aa8cd4d4c1d4--\r\n";

        var part = Assert.Single(TableBatchFormat.ParseResponse(System.Text.Encoding.UTF8.GetBytes(body)));
        var (code, message) = Internal.StorageServiceCore.ParseErrorBody(part.Body);

        Assert.Equal(400, part.Status);
        Assert.Equal(2, part.ContentId);
        Assert.Equal("InvalidInput", code);
        Assert.Equal(1, TableBatchFormat.FailedIndex(message, part.ContentId, actionCount: 5));
    }

    [Theory]
    [InlineData("The specified entity already exists.", 7, 10, 6)]
    [InlineData("The specified entity already exists.", null, 1, 0)]
    [InlineData("The specified entity already exists.", null, 3, -1)]
    [InlineData("42:The specified entity already exists.", 1, 50, 42)]
    public void FailedIndex_FallsBackFromPrefixToContentId(string message, int? contentId, int count, int expected)
    {
        Assert.Equal(expected, TableBatchFormat.FailedIndex(message, contentId, count));
    }
}
