namespace Kmt.Azure.Language;

/// <summary>
/// Configuration section "Kmt:Language". With <see cref="Endpoint"/> set, Azure AI Language replaces
/// the in-process text analyzer. Authentication is Entra ID (DefaultAzureCredential, managed
/// identity in Azure) unless <see cref="Key"/> is set (from a Key Vault-backed app setting).
/// </summary>
public sealed class AzureLanguageOptions
{
    public const string Section = "Kmt:Language";

    /// <summary>The token scope for Azure AI services.</summary>
    public const string TokenScope = "https://cognitiveservices.azure.com/.default";

    /// <summary>The resource's endpoint, e.g. "https://kmt-language.cognitiveservices.azure.com".</summary>
    public string? Endpoint { get; set; }

    /// <summary>The REST API version (GA "2023-04-01"; "2024-11-01" also works).</summary>
    public string ApiVersion { get; set; } = "2023-04-01";

    /// <summary>A resource key; only when Entra ID cannot be used. Never in plain settings: reference Key Vault.</summary>
    public string? Key { get; set; }

    /// <summary>The client id of a user-assigned managed identity; empty for the system-assigned one.</summary>
    public string? ManagedIdentityClientId { get; set; }

    /// <summary>Retries of a throttled (429), unavailable (5xx) or unreachable request (Azure.Core's retry policy).</summary>
    public int MaxRetries { get; set; } = 3;

    /// <summary>First back-off when the service sends no Retry-After; doubles each retry, with jitter.</summary>
    public TimeSpan RetryDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Longest back-off between retries (a Retry-After is honoured up to <see cref="MaxRetryAfter"/>).</summary>
    public TimeSpan MaxRetryDelay { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The longest Retry-After honoured; a longer one fails the analysis at once (transient) so the host retries later.</summary>
    public TimeSpan MaxRetryAfter { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Wait between polls of a summarization job.</summary>
    public TimeSpan SummaryPollInterval { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>How long a summarization job may take before the analysis fails (transient).</summary>
    public TimeSpan SummaryTimeout { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>Timeout of one HTTP request (each try; Azure.Core's network timeout).</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(30);

    public bool IsConfigured => !string.IsNullOrWhiteSpace(Endpoint);
}
