using System.Text;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Options;

namespace Kmt.Core.Insights;

/// <summary>
/// Where importance models live and which is current (docs/design/insights.md, "Insight pipeline"): each
/// version is a zip at models/importance/{version}.zip in blob storage, and models/importance/current
/// names the current version (written after the zip, so it never names a model that is not there).
/// One instance per process caches the loaded model and looks at the pointer again at most every
/// <see cref="InsightOptions.ModelRefreshInterval"/>; without a model it gives the prior.
/// </summary>
public sealed class ImportanceModelRegistry(IBlobStore blobs, IImportanceModelEngine engine, IOptions<InsightOptions> options, TimeProvider time)
{
    public const string Container = "models";
    public const string CurrentPath = "importance/current";
    private const long MaxModelBytes = 256L * 1024 * 1024;

    private readonly SemaphoreSlim _gate = new(1, 1);
    private IImportanceScorer? _current;
    private DateTimeOffset _checkedAt = DateTimeOffset.MinValue;

    public static string PathOf(string version) => $"importance/{version}.zip";

    /// <summary>The current model, loaded once per version, or the prior when none has been published.</summary>
    public async Task<IImportanceScorer> GetCurrentAsync(CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        if (_current is { } cached && now - _checkedAt < options.Value.ModelRefreshInterval)
        {
            return cached;
        }

        await _gate.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (_current is { } fresh && now - _checkedAt < options.Value.ModelRefreshInterval)
            {
                return fresh;
            }

            var version = await ReadCurrentVersionAsync(cancellationToken).ConfigureAwait(false);
            if (version is null)
            {
                _current = new PriorImportanceScorer(options.Value);
            }
            else if (_current?.Version != version)
            {
                await using var content = await blobs.OpenReadAsync(Container, PathOf(version), cancellationToken).ConfigureAwait(false);
                _current = content is null ? new PriorImportanceScorer(options.Value) : await LoadOrPriorAsync(content, cancellationToken).ConfigureAwait(false);
            }

            _checkedAt = now;
            return _current;
        }
        finally
        {
            _gate.Release();
        }
    }

    /// <summary>
    /// The stored model, or the prior when this build cannot use it (a model trained on another feature
    /// set: the engine refuses it with InvalidDataException), until the next training publishes one.
    /// </summary>
    private async Task<IImportanceScorer> LoadOrPriorAsync(Stream content, CancellationToken cancellationToken)
    {
        var buffered = await BufferAsync(content, cancellationToken).ConfigureAwait(false);
        try
        {
            return engine.Load(buffered);
        }
        catch (InvalidDataException)
        {
            return new PriorImportanceScorer(options.Value);
        }
    }

    public async Task<bool> ExistsAsync(string version, CancellationToken cancellationToken) =>
        await blobs.GetAsync(Container, PathOf(version), cancellationToken).ConfigureAwait(false) is not null;

    /// <summary>Stores the model's zip, then makes it current.</summary>
    public async Task PublishAsync(IImportanceScorer model, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(model);
        using var zip = new MemoryStream();
        if (!model.Save(zip))
        {
            return;
        }

        zip.Position = 0;
        await blobs.WriteAsync(Container, PathOf(model.Version), zip, MaxModelBytes, cancellationToken).ConfigureAwait(false);
        await MakeCurrentAsync(model.Version, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>Points models/importance/current at an already stored version.</summary>
    public async Task MakeCurrentAsync(string version, CancellationToken cancellationToken)
    {
        using var pointer = new MemoryStream(Encoding.UTF8.GetBytes(version));
        await blobs.WriteAsync(Container, CurrentPath, pointer, 1024, cancellationToken).ConfigureAwait(false);
    }

    public async Task<string?> ReadCurrentVersionAsync(CancellationToken cancellationToken)
    {
        await using var pointer = await blobs.OpenReadAsync(Container, CurrentPath, cancellationToken).ConfigureAwait(false);
        if (pointer is null)
        {
            return null;
        }

        using var reader = new StreamReader(pointer, Encoding.UTF8);
        var version = (await reader.ReadToEndAsync(cancellationToken).ConfigureAwait(false)).Trim();
        return version.Length == 0 ? null : version;
    }

    private static async Task<MemoryStream> BufferAsync(Stream content, CancellationToken cancellationToken)
    {
        // The zip reader seeks; a blob stream may not.
        var buffer = new MemoryStream();
        await content.CopyToAsync(buffer, cancellationToken).ConfigureAwait(false);
        buffer.Position = 0;
        return buffer;
    }
}
