using Kmt.Azure.Blobs;
using Kmt.Azure.Tests.Infrastructure;
using Kmt.Core.Uploads;

namespace Kmt.Azure.Tests.Blobs;

/// <summary>The blob store contract on Azurite.</summary>
public sealed class AzureBlobStoreContractTests : BlobStoreContract
{
    protected override IBlobStore Store { get; } = new AzureBlobStore(Azurite.Client);
}
