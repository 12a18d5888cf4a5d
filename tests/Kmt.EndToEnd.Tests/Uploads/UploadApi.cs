using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Uploads;

public static class UploadApi
{
    public static async Task<ApiResponse> UploadAsync(this KmtClient client, IEnumerable<(string FileName, byte[] Bytes, string ContentType)> files, string? title = null, string? tags = null)
    {
        using var form = new MultipartFormDataContent();
        foreach (var (fileName, bytes, contentType) in files)
        {
            var part = new ByteArrayContent(bytes);
            part.Headers.ContentType = new MediaTypeHeaderValue(contentType);
            form.Add(part, "files", fileName);
        }

        if (title is not null)
        {
            form.Add(new StringContent(title), "title");
        }

        if (tags is not null)
        {
            form.Add(new StringContent(tags), "tags");
        }

        using var request = new HttpRequestMessage(HttpMethod.Post, "api/v1/upload") { Content = form };
        return await client.SendRawAsync(request);
    }

    /// <summary>Uploads one file and returns its upload id.</summary>
    public static async Task<string> UploadOneAsync(this KmtClient client, string fileName, byte[] bytes, string contentType = "application/octet-stream", string? title = null, string? tags = null)
    {
        var response = (await client.UploadAsync([(fileName, bytes, contentType)], title, tags)).Expect(HttpStatusCode.Accepted);
        var upload = response.Data.AsArray().Single()!;
        // "queued" as a rule; the blob trigger may already have moved a tiny file on before the
        // answer is written, and the upload answers with the state that won (UploadService).
        Assert.NotEqual("pending", upload["status"]!.GetValue<string>());
        return upload["upload_id"]!.GetValue<string>();
    }

    /// <summary>Polls the status until it leaves pending/queued/processing (the condition, not a fixed sleep).</summary>
    public static async Task<JsonNode> WaitForOutcomeAsync(this KmtClient client, string uploadId, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = (await client.GetAsync($"api/v1/upload/{uploadId}/status")).Expect(HttpStatusCode.OK).Data;
            var state = status["status"]!.GetValue<string>();
            if (state is not ("pending" or "queued" or "processing"))
            {
                return status;
            }

            Assert.True(clock.Elapsed < limit, $"Upload {uploadId} still {state} after {limit}.");
            await Task.Delay(100);
        }
    }

    /// <summary>
    /// Polls the status until the second stage has embedded the item (embedding_status leaves
    /// "pending"); a completed upload is searchable before that.
    /// </summary>
    public static async Task<JsonNode> WaitForEmbeddingAsync(this KmtClient client, string uploadId, TimeSpan? timeout = null)
    {
        var clock = Stopwatch.StartNew();
        var limit = timeout ?? TimeSpan.FromSeconds(60);
        while (true)
        {
            var status = (await client.GetAsync($"api/v1/upload/{uploadId}/status")).Expect(HttpStatusCode.OK).Data;
            var state = status["status"]!.GetValue<string>();
            var embedding = status["embedding_status"]?.GetValue<string>();
            if (state is not ("pending" or "queued" or "processing") && embedding is not "pending")
            {
                return status;
            }

            Assert.True(clock.Elapsed < limit, $"Upload {uploadId} still {state}, embedding {embedding ?? "null"}, after {limit}.");
            await Task.Delay(100);
        }
    }
}
