using Kmt.Core.Uploads;
using Kmt.Storage.Embedded;
using Kmt.Storage.Embedded.Blobs;
using Microsoft.Extensions.Options;

namespace Kmt.Azure.Tests.Blobs;

/// <summary>The blob store contract on the embedded local folder, so both adapters are held to the same rules.</summary>
public sealed class LocalFolderBlobStoreContractTests : BlobStoreContract, IDisposable
{
    private readonly string _dataDirectory = Path.Combine(Path.GetTempPath(), "kmt-blob-contract-" + Guid.NewGuid().ToString("N"));

    public LocalFolderBlobStoreContractTests()
    {
        Store = new LocalFolderBlobStore(Options.Create(new EmbeddedStoreOptions { DataDirectory = _dataDirectory }));
    }

    protected override IBlobStore Store { get; }

    public void Dispose()
    {
        try
        {
            Directory.Delete(_dataDirectory, recursive: true);
        }
        catch (DirectoryNotFoundException)
        {
        }
    }
}
