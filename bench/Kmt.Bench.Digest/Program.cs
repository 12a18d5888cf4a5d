// The hourly digest timer (bench/README.md, "Digest timer"): fills a fresh embedded store with N people
// (default 10,000) with saved notification preferences (daily or weekly, digest times spread over the
// day, zones from UTC-11 to UTC+14), one notification each for a fifth of them (published as the
// pipeline does), lets the timer run hour by hour through one day so every due time settles, then
// times, for the next hours, R each (default 5):
//   1. before: what the timer read every hour until now: every active person's id, then each person's
//      preferences (the peer);
//   2. after: NotificationDigestService.RunAsync as the timer calls it (the due people only, each checked).
// Usage: dotnet run -c Release --project bench/Kmt.Bench.Digest [people] [runs]
using System.Diagnostics;
using System.Globalization;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Common;
using Kmt.Core.Notifications;
using Kmt.Core.Privacy;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

var count = args.Length > 0 ? int.Parse(args[0], CultureInfo.InvariantCulture) : 10_000;
var runs = args.Length > 1 ? int.Parse(args[1], CultureInfo.InvariantCulture) : 5;
var dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-bench-digest-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
}).Build();
var start = new DateTimeOffset(2026, 3, 2, 0, 5, 0, TimeSpan.Zero);
var clock = new FakeTimeProvider(start);
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
services.AddSingleton<TimeProvider>(clock);
services.AddKmtInProcessRealtime(); // the embedded default's choice in the composition root
await using var provider = services.BuildServiceProvider();

var users = provider.GetRequiredService<IUserStore>();
var store = provider.GetRequiredService<INotificationStore>();
var privacy = provider.GetRequiredService<IPrivacyStore>();
var notifications = provider.GetRequiredService<NotificationService>();
var digests = provider.GetRequiredService<NotificationDigestService>();
string[] zones = ["Etc/UTC", "Europe/Paris", "America/New_York", "Asia/Kathmandu", "Pacific/Kiritimati", "Pacific/Pago_Pago", "Australia/Sydney", "America/St_Johns"];
var random = new Random(3);

var seed = Stopwatch.StartNew();
for (var i = 0; i < count; i++)
{
    var id = Ids.New();
    await users.CreateAsync(new User { Id = id, Email = $"p{i}@example.org", NormalizedEmail = $"p{i}@example.org", PasswordHash = "x", Role = Roles.User, IsActive = true, CreatedAt = start, UpdatedAt = start, ETag = ETags.New() }, default);
    var preferences = NotificationPreferences.Defaults(id) with
    {
        DigestFrequency = i % 4 == 0 ? DigestFrequencies.Weekly : DigestFrequencies.Daily,
        DigestDay = (DayOfWeek)(i % 7),
        DigestTime = new TimeOnly(random.Next(24), 0),
        TimeZone = zones[i % zones.Length],
        Email = i % 10 != 0,
        UpdatedAt = start,
        ETag = ETags.New(),
    };
    await store.SavePreferencesAsync(preferences, null, default);
    await store.SetDigestDueAsync(id, start, default); // as NotificationSettingsService does after a save
    if (i % 5 == 0)
    {
        await privacy.SaveConsentsAsync(new UserConsents { UserId = id, Purposes = [new ConsentState(ConsentPurposes.Notifications, true, start, null)], UpdatedAt = start, ETag = ETags.New() }, null, default);
        await notifications.PublishAsync(id, $"bench:{i}", NotificationKinds.Importance, "An item matters again", "Open it.", null, null, default);
    }
}

Console.WriteLine($"seeded {count} people with preferences, {count / 5} with a notification, in {seed.Elapsed.TotalSeconds:F1} s");

// A day of hourly runs: every due time is set by a check, as in production after the first day.
var sentInDay = 0;
for (var hour = 0; hour < 24; hour++)
{
    sentInDay += await digests.RunAsync(default);
    clock.Advance(TimeSpan.FromHours(1));
}

Console.WriteLine($"one day of hourly runs sent {sentInDay} digests");

var before = new List<double>();
var after = new List<double>();
long visitedBefore = 0, visitedAfter = 0;
for (var r = 0; r < runs; r++)
{
    // Taking turns, so both see the same machine load.
    var watch = Stopwatch.StartNew();
    visitedBefore = 0;
    for (string? position = null; ;)
    {
        var ids = await users.ListActiveUserIdsAsync(position, 200, default);
        foreach (var id in ids)
        {
            await store.GetPreferencesAsync(id, default);
            visitedBefore++;
        }

        if (ids.Count < 200)
        {
            break;
        }

        position = ids[^1];
    }

    before.Add(watch.Elapsed.TotalMilliseconds);
    visitedAfter = (await store.ListDigestDueAsync(clock.GetUtcNow(), null, int.MaxValue, default)).Count;
    watch.Restart();
    await digests.RunAsync(default);
    after.Add(watch.Elapsed.TotalMilliseconds);
    clock.Advance(TimeSpan.FromHours(1));
}

Console.WriteLine($"before: every person's preferences read: median {Median(before):F0} ms per run, {visitedBefore} people read");
Console.WriteLine($"after: the due people only, each checked: median {Median(after):F0} ms per run, {visitedAfter} people due in the last hour run");
Console.WriteLine($"before / after: {Median(before) / Median(after):F1}x ({runs} runs each, taking turns)");

Directory.Delete(dataDirectory, recursive: true);

static double Median(List<double> values) => values.Order().ElementAt(values.Count / 2);
