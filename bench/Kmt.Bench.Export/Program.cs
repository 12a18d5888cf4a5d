// Fills a library (1,000 items, each with one earlier version, 20 uploads of 256 KB, 2,000 tracked
// events) in a fresh embedded data folder, then runs an export end to end as the blob trigger would:
// request (job + request blob) → ProcessRequestAsync (zip streamed into the blob store). Prints
// time, zip size and peak working set, and the floor: ZipFile.CreateFromDirectory of the data folder.
using System.Diagnostics;
using System.IO.Compression;
using Kmt.Core;
using Kmt.Core.Accounts;
using Kmt.Core.Activity;
using Kmt.Core.Common;
using Kmt.Core.Knowledge;
using Kmt.Core.Privacy;
using Kmt.Core.Uploads;
using Kmt.Storage.Embedded;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

var items = args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 1000;
var uploads = args.Length > 1 ? int.Parse(args[1], System.Globalization.CultureInfo.InvariantCulture) : 20;
var dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-bench-export-" + Guid.NewGuid().ToString("N")[..8]);
var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
{
    ["Kmt:Embedded:DataDirectory"] = dataDirectory,
    ["Kmt:Auth:PasswordIterations"] = "1000",
}).Build();
var services = new ServiceCollection();
services.AddSingleton(typeof(ILogger<>), typeof(NullLogger<>));
services.AddKmtCore(configuration);
services.AddKmtEmbeddedStore(configuration);
await using var provider = services.BuildServiceProvider();

var now = DateTimeOffset.UtcNow;
var user = new User { Id = Ids.New(), Email = "bench@example.org", NormalizedEmail = "bench@example.org", PasswordHash = "x", Role = Roles.User, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
await provider.GetRequiredService<IUserStore>().CreateAsync(user, default);
var store = provider.GetRequiredService<IKnowledgeStore>();
var random = new Random(7);
var words = "knowledge metabolism tracker reading notes idea graph memory review summary article chapter insight learning".Split(' ');
string Text(int n) => string.Join(' ', Enumerable.Range(0, n).Select(_ => words[random.Next(words.Length)]));

var fill = Stopwatch.StartNew();
for (var i = 0; i < items; i++)
{
    var item = new KnowledgeItem
    {
        Id = Ids.New(), UserId = user.Id, Title = $"Item {i} " + Text(5), Content = Text(600), ContentType = "note", Tags = [$"topic/{i % 20}"],
        CreatedAt = now, UpdatedAt = now, AccessedAt = now, WordCount = 600, ETag = ETags.New(),
    };
    await store.CreateAsync(item, default);
    var previous = new KnowledgeItemVersion { ItemId = item.Id, UserId = user.Id, Version = 1, Title = item.Title, Content = item.Content, ContentType = "note", CreatedAt = now, ReplacedAt = now };
    await store.ReplaceAsync(item with { Version = 2, Content = Text(600), ETag = ETags.New() }, item.ETag, previous, default);
}

var activities = provider.GetRequiredService<IActivityStore>();
await activities.AddAsync(user.Id, Enumerable.Range(0, 2000).Select(i => new UserActivity { Id = Ids.New(), UserId = user.Id, ActivityType = "page_view", OccurredAt = now.AddMinutes(-i), CreatedAt = now }).ToList(), default);

var blobs = provider.GetRequiredService<IBlobStore>();
var uploadStore = provider.GetRequiredService<IUploadStore>();
for (var i = 0; i < uploads; i++)
{
    var upload = new Upload { Id = Ids.New(), UserId = user.Id, FileName = $"file-{i}.txt", Status = UploadStatus.Completed, SizeBytes = 256 * 1024, CreatedAt = now, UpdatedAt = now, ETag = ETags.New() };
    await uploadStore.CreateAsync(upload, default);
    var bytes = new byte[256 * 1024];
    random.NextBytes(bytes); // incompressible: the worst case for the zip
    await blobs.WriteAsync(UploadPaths.UploadsContainer, upload.BlobPath, new MemoryStream(bytes), long.MaxValue, default);
}

fill.Stop();
var exports = provider.GetRequiredService<ExportService>();
var caller = new AuthenticatedUser(user.Id, Roles.User, Ids.New());
GC.Collect();
var process = Process.GetCurrentProcess();
var before = process.WorkingSet64;
var clock = Stopwatch.StartNew();
var job = await exports.RequestAsync(caller, null, default);
await exports.ProcessRequestAsync(PrivacyPaths.ExportRequestPath(user.Id, job.Id), default);
clock.Stop();
process.Refresh();
var done = await exports.GetAsync(caller, job.Id, default);
if (done.Status != ExportStatus.Completed)
{
    throw new InvalidOperationException($"Export ended {done.Status}: {done.Reason}");
}

// The floor: the same data folder zipped raw (no paging, no JSON), into a temp file.
var floorZip = Path.Combine(Path.GetTempPath(), "kmt-bench-floor-" + Guid.NewGuid().ToString("N")[..8] + ".zip");
var floor = Stopwatch.StartNew();
ZipFile.CreateFromDirectory(Path.Combine(dataDirectory), floorZip, CompressionLevel.Optimal, false);
floor.Stop();
var floorSize = new FileInfo(floorZip).Length;
File.Delete(floorZip);

Console.WriteLine($"library: {items} items (2 versions each), {uploads} uploads x 256 KB, 2000 events; filled in {fill.Elapsed.TotalSeconds:F1} s");
Console.WriteLine($"export:  {clock.Elapsed.TotalSeconds:F2} s, zip {done.SizeBytes / 1024.0 / 1024.0:F2} MB, {done.FileCount} files, {done.ItemCount} items; working set {before / 1048576} MB before, {process.WorkingSet64 / 1048576} MB after (peak {process.PeakWorkingSet64 / 1048576} MB)");
Console.WriteLine($"floor:   zip of the raw data folder {floor.Elapsed.TotalSeconds:F2} s, {floorSize / 1024.0 / 1024.0:F2} MB; export/floor time ratio {clock.Elapsed.TotalSeconds / floor.Elapsed.TotalSeconds:F2}");
Directory.Delete(dataDirectory, true);
