using Azure.Core;

namespace Kmt.Azure.Language;

/// <summary>
/// Azure.Core client options of the Language client: transport, diagnostics and network timeout. The
/// retry policy is <see cref="LanguageRetryPolicy"/>, built from <see cref="AzureLanguageOptions"/>.
/// </summary>
internal sealed class AzureLanguageClientOptions : ClientOptions
{
}
