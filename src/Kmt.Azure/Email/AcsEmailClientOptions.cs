using Azure.Core;

namespace Kmt.Azure.Email;

/// <summary>Azure.Core client options of the ACS Email pipeline (transport, retries with Azure.Core's defaults).</summary>
internal sealed class AcsEmailClientOptions : ClientOptions
{
}
