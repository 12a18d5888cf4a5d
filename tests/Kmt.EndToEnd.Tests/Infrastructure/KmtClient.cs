using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>A thin HTTP client for the API that keeps the raw response for assertions.</summary>
public sealed class KmtClient(HttpClient http) : IDisposable
{
    public HttpClient Http { get; } = http;

    public string? AccessToken { get; set; }

    public Task<ApiResponse> GetAsync(string path, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Get, path, null, headers);

    public Task<ApiResponse> PostAsync(string path, object? body, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Post, path, body, headers);

    public Task<ApiResponse> PutAsync(string path, object? body, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Put, path, body, headers);

    public Task<ApiResponse> DeleteAsync(string path, object? body = null, IDictionary<string, string>? headers = null) => SendAsync(HttpMethod.Delete, path, body, headers);

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body, IDictionary<string, string>? headers = null)
    {
        using var request = new HttpRequestMessage(method, path.TrimStart('/'));
        if (body is not null)
        {
            var json = body as string ?? JsonSerializer.Serialize(body);
            request.Content = new StringContent(json, Encoding.UTF8, "application/json");
        }

        return await SendRawAsync(request, headers);
    }

    public async Task<ApiResponse> SendRawAsync(HttpRequestMessage request, IDictionary<string, string>? headers = null)
    {
        if (AccessToken is not null && request.Headers.Authorization is null)
        {
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", AccessToken);
        }

        foreach (var (name, value) in headers ?? new Dictionary<string, string>())
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await Http.SendAsync(request);
        var text = await response.Content.ReadAsStringAsync();
        return new ApiResponse(response.StatusCode, text, response.Headers, response.Content.Headers);
    }

    public void Dispose() => Http.Dispose();
}

public sealed class ApiResponse(HttpStatusCode status, string text, HttpResponseHeaders headers, HttpContentHeaders contentHeaders)
{
    private JsonNode? _json;
    private bool _parsed;

    public HttpStatusCode Status { get; } = status;

    public string Text { get; } = text;

    public HttpResponseHeaders Headers { get; } = headers;

    public HttpContentHeaders ContentHeaders { get; } = contentHeaders;

    public JsonNode? Json
    {
        get
        {
            if (!_parsed)
            {
                _json = string.IsNullOrEmpty(Text) ? null : JsonNode.Parse(Text);
                _parsed = true;
            }

            return _json;
        }
    }

    public JsonNode Data => Json?["data"] ?? throw new InvalidOperationException($"No data in response {(int)Status}: {Text}");

    public string? ErrorCode => Json?["error"]?["code"]?.GetValue<string>();

    public string? Header(string name) =>
        Headers.TryGetValues(name, out var values) ? string.Join(",", values)
        : ContentHeaders.TryGetValues(name, out var contentValues) ? string.Join(",", contentValues)
        : null;

    public ApiResponse Expect(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected} but got {(int)Status}: {Text}");
        return this;
    }

    public override string ToString() => $"{(int)Status} {Text}";
}
