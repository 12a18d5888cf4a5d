using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace Kmt.EndToEnd.Tests.Infrastructure;

/// <summary>Shortcuts for the requests and assertions most end-to-end tests repeat.</summary>
public static class KmtApi
{
    public const string Knowledge = "api/v1/knowledge";
    public const string Tags = "api/v1/tags";
    public const string Track = "api/v1/analytics/track";

    /// <summary>POST knowledge; asserts 201 and returns the item (data).</summary>
    public static async Task<JsonNode> CreateItemAsync(this SignedInUser user, object body) =>
        (await user.Client.PostAsync(Knowledge, body)).Expect(HttpStatusCode.Created).Data;

    public static async Task<JsonNode> CreateItemAsync(this SignedInUser user, string title, string content = "", params string[] tags) =>
        await user.CreateItemAsync(new { title, content, tags });

    /// <summary>POST tags; asserts 201 and returns the tag.</summary>
    public static async Task<JsonNode> CreateTagAsync(this SignedInUser user, string name, string? color = null) =>
        (await user.Client.PostAsync(Tags, new { name, color })).Expect(HttpStatusCode.Created).Data;

    /// <summary>All ids of a GET knowledge listing (one page, per_page=100), in order.</summary>
    public static async Task<List<string>> ListIdsAsync(this SignedInUser user, string query = "")
    {
        var separator = query.Length == 0 ? "?" : "&";
        var response = (await user.Client.GetAsync($"{Knowledge}{(query.Length == 0 ? "" : "?" + query)}{separator}per_page=100")).Expect(HttpStatusCode.OK);
        return Ids(response.Data);
    }

    public static List<string> Ids(JsonNode data) => data.AsArray().Select(n => n!["id"]!.GetValue<string>()).ToList();

    public static string Str(this JsonNode node, string name) =>
        node[name]?.GetValue<string>() ?? throw new InvalidOperationException($"No string '{name}' in {node.ToJsonString()}");

    public static int Int(this JsonNode node, string name) => node[name]!.GetValue<int>();

    public static List<string> Strings(this JsonNode node, string name) => node[name]!.AsArray().Select(n => n!.GetValue<string>()).ToList();

    /// <summary>error.details.field of an error response.</summary>
    public static string? ErrorField(this ApiResponse response) => response.Json?["error"]?["details"]?["field"]?.GetValue<string>();

    /// <summary>The error object without meta: what must be identical for "not yours" and "not there".</summary>
    public static string ErrorWithoutMeta(this ApiResponse response) => $"{(int)response.Status} {response.Json!["error"]!.ToJsonString()}";

    /// <summary>Asserts a 400 VALIDATION_ERROR naming the field.</summary>
    public static ApiResponse ExpectValidation(this ApiResponse response, string field)
    {
        response.Expect(HttpStatusCode.BadRequest);
        Assert.Equal("VALIDATION_ERROR", response.ErrorCode);
        Assert.Equal(field, response.ErrorField());
        return response;
    }

    public static ApiResponse ExpectError(this ApiResponse response, HttpStatusCode status, string code)
    {
        response.Expect(status);
        Assert.False(response.Json!["success"]!.GetValue<bool>());
        Assert.Equal(code, response.ErrorCode);
        return response;
    }

    public static Dictionary<string, string> IfMatch(string etag) => new() { ["If-Match"] = etag };

    /// <summary>POST auth/login with a fresh client; returns the raw response.</summary>
    public static Task<ApiResponse> LoginAsync(this DevHostFixture host, string email, string password) =>
        host.CreateClient().PostAsync("api/v1/auth/login", new { email, password });

    /// <summary>A client holding the given access token.</summary>
    public static KmtClient ClientWith(this DevHostFixture host, string accessToken)
    {
        var client = host.CreateClient();
        client.AccessToken = accessToken;
        return client;
    }

    /// <summary>The reset token from the newest reset mail delivered to the user (the body holds the code on a line of its own).</summary>
    public static async Task<string> ReadResetTokenAsync(this DevHostFixture host, string userId)
    {
        var mails = await host.MailsAsync(userId);
        Assert.NotEmpty(mails);
        var mail = mails[^1];
        Assert.Contains("reset", mail.Subject, StringComparison.OrdinalIgnoreCase);
        return ResetToken(mail.Body);
    }

    /// <summary>The one-time code of the newest mail delivered to <paramref name="to"/> (an e-mail change confirmation).</summary>
    public static async Task<string> ReadCodeSentToAsync(this DevHostFixture host, string userId, string to)
    {
        var mail = (await host.MailsAsync(userId)).Last(m => m.To == to);
        return ResetToken(mail.Body);
    }

    /// <summary>How many mails of the user the outbox holds (erasure removes them).</summary>
    public static async Task<int> MailCountAsync(this DevHostFixture host, string userId) =>
        (await host.StoredMailsAsync(userId)).Count;

    /// <summary>The user's mail as delivered, oldest first, codes included.</summary>
    public static Task<IReadOnlyList<Kmt.Core.Accounts.OutgoingMail>> MailsAsync(this DevHostFixture host, string userId) =>
        Task.FromResult(host.Mail.For(userId));

    /// <summary>The user's mail as the outbox of the host's store (embedded or Cosmos DB) keeps it.</summary>
    public static Task<IReadOnlyList<Kmt.Core.Accounts.OutgoingMail>> StoredMailsAsync(this DevHostFixture host, string userId) =>
        host.Services.GetRequiredService<Kmt.Core.Accounts.IMailOutbox>().ListAsync(userId, CancellationToken.None);

    /// <summary>The reset code: the one line of the body that is a single long token without spaces.</summary>
    public static string ResetToken(string body)
    {
        var candidates = body.Split('\n')
            .Select(line => line.Trim())
            .Where(line => line.Length >= 20 && !line.Contains(' ', StringComparison.Ordinal))
            .ToList();
        return Assert.Single(candidates);
    }
}

/// <summary>A DevHost whose clock is a <see cref="FakeTimeProvider"/> the test moves forward.</summary>
public sealed class FakeClockHostFixture : DevHostFixture
{
    public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

    protected override void ConfigureServices(IServiceCollection services) => services.AddSingleton<TimeProvider>(Clock);
}
