using System.Net;
using Kmt.EndToEnd.Tests.Infrastructure;

namespace Kmt.EndToEnd.Tests.Api;

/// <summary>Races a client can cause: the store's checks, not luck, decide who wins.</summary>
[Collection(DevHostCollection.Name)]
public sealed class ConcurrencyTests(DevHostFixture host)
{
    [Fact]
    public async Task Parallel_puts_with_the_same_etag_let_exactly_one_win()
    {
        var user = await host.RegisterAsync();
        var item = await user.CreateItemAsync("Contended", "v1");
        var id = item.Str("id");

        var responses = await Task.WhenAll(Enumerable.Range(0, 8).Select(i =>
            user.Client.PutAsync($"{KmtApi.Knowledge}/{id}", new { title = $"Writer {i}" }, KmtApi.IfMatch(item.Str("etag")))));

        Assert.Single(responses, r => r.Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.ExpectError(HttpStatusCode.PreconditionFailed, "PRECONDITION_FAILED"));

        var winner = responses.Single(r => r.Status == HttpStatusCode.OK).Data;
        var current = (await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}")).Data;
        Assert.Equal(winner.Str("title"), current.Str("title"));
        Assert.Equal(2, current.Int("version"));
        Assert.Single((await user.Client.GetAsync($"{KmtApi.Knowledge}/{id}/versions")).Data.AsArray());
    }

    [Fact]
    public async Task Parallel_registrations_of_one_email_create_one_account()
    {
        var email = $"race-{Guid.NewGuid():N}@example.com";
        var responses = await Task.WhenAll(Enumerable.Range(0, 6).Select(_ =>
            host.CreateClient().PostAsync("api/v1/auth/register", new { email, password = Users.Password })));

        Assert.Single(responses, r => r.Status == HttpStatusCode.Created);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.Created), r => r.ExpectError(HttpStatusCode.Conflict, "CONFLICT"));
        (await host.LoginAsync(email, Users.Password)).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Parallel_resets_with_one_token_let_exactly_one_succeed()
    {
        var user = await host.RegisterAsync();
        (await host.CreateClient().PostAsync("api/v1/auth/forgot-password", new { email = user.Email })).Expect(HttpStatusCode.Accepted);
        var token = await host.ReadResetTokenAsync(user.Id);

        var responses = await Task.WhenAll(Enumerable.Range(0, 5).Select(i =>
            host.CreateClient().PostAsync("api/v1/auth/reset-password", new { token, password = $"new passphrase number {i}" })));

        var winner = Assert.Single(Enumerable.Range(0, 5), i => responses[i].Status == HttpStatusCode.OK);
        Assert.All(responses.Where(r => r.Status != HttpStatusCode.OK), r => r.ExpectValidation("token"));
        (await host.LoginAsync(user.Email, $"new passphrase number {winner}")).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Parallel_refreshes_with_one_token_never_give_two_live_sessions()
    {
        var user = await host.RegisterAsync();
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ =>
            host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = user.RefreshToken })));

        Assert.All(responses, r => Assert.True(r.Status is HttpStatusCode.OK or HttpStatusCode.Unauthorized, r.ToString()));

        // Racing refreshes of one token are the reuse grace window's case (docs/design/identity.md, "Sign-in
        // sessions"): every winner gets the same successor, so at most one refresh token is live after the race.
        var successors = responses.Where(r => r.Status == HttpStatusCode.OK).Select(r => r.Data.Str("refresh_token")).Distinct().ToList();
        var successor = Assert.Single(successors);
        var next = await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = successor });
        next.Expect(HttpStatusCode.OK);
        (await host.CreateClient().PostAsync("api/v1/auth/refresh", new { refresh_token = next.Data.Str("refresh_token") })).Expect(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Parallel_tracks_of_the_same_events_store_them_once()
    {
        var user = await host.RegisterAsync();
        var batch = new { events = Enumerable.Range(0, 10).Select(_ => new { id = Guid.NewGuid().ToString(), activity_type = "scrolled" }).ToArray() };
        var responses = await Task.WhenAll(Enumerable.Range(0, 4).Select(_ => user.Client.PostAsync(KmtApi.Track, batch)));

        Assert.All(responses, r => r.Expect(HttpStatusCode.OK));
        Assert.Equal(10, responses.Sum(r => r.Data.Int("accepted")));
        Assert.Equal(30, responses.Sum(r => r.Data.Int("duplicates")));
    }
}
