using Azure.Core;
using Azure.Security.KeyVault.Secrets;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Kmt.Azure.Blobs;
using Kmt.Azure.Email;
using Kmt.Azure.Push;
using Kmt.Core.Notifications;
using Kmt.Azure.Identity;
using Kmt.Azure.Language;
using Kmt.Azure.Queues;
using Kmt.Azure.Realtime;
using Kmt.Core.Realtime;
using Kmt.Core.Common;
using Kmt.Core.Accounts;
using Kmt.Core.TextAnalysis;
using Kmt.Core.Uploads;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Kmt.Azure;

/// <summary>
/// The Azure adapters of the blob, queue and text-analysis ports, and Entra ID sign-in.
/// </summary>
/// <remarks>
/// The composition root (Kmt.Functions, KmtServiceCollectionExtensions) calls exactly one Add... per
/// port, chosen by Kmt:Blobs:Provider and Kmt:Language:Provider, so these methods add their
/// registrations plainly (no RemoveAll, no TryAdd games) and throw when their settings are missing:
/// choosing Azure without saying where it is is a configuration mistake (docs/architecture.md,
/// "Choosing the providers").
/// </remarks>
public static class AzureServiceCollectionExtensions
{
    /// <summary>
    /// Kmt:Blobs:Provider = Azure: registers <see cref="AzureBlobStore"/> as <see cref="IBlobStore"/> and
    /// <see cref="SasUploadTargetIssuer"/> as <see cref="IUploadTargetIssuer"/> (singletons). Needs
    /// "Kmt:Blobs:ServiceUri" (managed identity) or "Kmt:Blobs:ConnectionString" (emulators), not both.
    /// </summary>
    public static IServiceCollection AddKmtAzureBlobStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AzureBlobOptions.Section);
        var options = section.Get<AzureBlobOptions>() ?? new AzureBlobOptions();
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException(
                $"The Azure blob provider needs {AzureBlobOptions.Section}:ServiceUri (Azure, managed identity) or {AzureBlobOptions.Section}:ConnectionString (local emulator).");
        }

        if (!string.IsNullOrWhiteSpace(options.ServiceUri) && !string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            throw new InvalidOperationException(
                $"{AzureBlobOptions.Section}: set ServiceUri (Azure, managed identity) or ConnectionString (local emulator), not both.");
        }

        services.AddOptions<AzureBlobOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KmtBlobServiceClient(CreateBlobServiceClient(sp.GetRequiredService<IOptions<AzureBlobOptions>>().Value)));
        services.AddSingleton(sp => new AzureBlobStore(
            sp.GetRequiredService<KmtBlobServiceClient>().Client, sp.GetService<ILogger<AzureBlobStore>>()));
        services.AddSingleton(sp =>
        {
            var client = sp.GetRequiredService<KmtBlobServiceClient>().Client;
            // Plain HTTP only for an emulator on a connection string (http://127.0.0.1:10000).
            var allowHttp = !string.IsNullOrWhiteSpace(sp.GetRequiredService<IOptions<AzureBlobOptions>>().Value.ConnectionString)
                && client.Uri.Scheme == Uri.UriSchemeHttp;
            return new SasUploadTargetIssuer(client, sp.GetRequiredService<TimeProvider>(), allowHttp);
        });

        services.AddSingleton<IBlobStore>(sp => sp.GetRequiredService<AzureBlobStore>());
        services.AddSingleton<IUploadTargetIssuer>(sp => sp.GetRequiredService<SasUploadTargetIssuer>());
        return services;
    }

    /// <summary>
    /// Kmt:Queues:Provider = Azure: registers <see cref="AzureWorkQueue"/> as <see cref="IWorkQueue"/> and
    /// <see cref="IWorkQueueReceiver"/> (a singleton). Needs "Kmt:Queues:ServiceUri" (managed identity) or
    /// "Kmt:Queues:ConnectionString" (Azurite), exactly one.
    /// </summary>
    public static IServiceCollection AddKmtAzureQueue(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var options = configuration.GetSection(AzureQueueOptions.Section).Get<AzureQueueOptions>() ?? new AzureQueueOptions();
        var client = CreateQueueServiceClient(options);
        services.AddSingleton(new AzureWorkQueue(client));
        services.AddSingleton<IWorkQueue>(sp => sp.GetRequiredService<AzureWorkQueue>());
        services.AddSingleton<IWorkQueueReceiver>(sp => sp.GetRequiredService<AzureWorkQueue>());
        return services;
    }

    /// <summary>
    /// Kmt:SigningKeys:Provider = KeyVault: registers <see cref="KeyVaultSigningKeySource"/> as
    /// <see cref="ISigningKeySource"/>, reading the versions of the secret Kmt:Auth:KeyVault:SecretName in
    /// the vault Kmt:Auth:KeyVault:VaultUri with the app's managed identity (needs "Key Vault Secrets
    /// User" on the vault). Kmt:Auth:SigningKeyPem, when set, still wins (docs/deployment.md).
    /// </summary>
    public static IServiceCollection AddKmtKeyVaultSigningKey(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(KeyVaultSigningKeyOptions.Section);
        var options = section.Get<KeyVaultSigningKeyOptions>() ?? new KeyVaultSigningKeyOptions();
        if (!Uri.TryCreate(options.VaultUri, UriKind.Absolute, out var vault) || vault.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"The Key Vault signing-key provider needs {KeyVaultSigningKeyOptions.Section}:VaultUri (https://<vault>.vault.azure.net/).");
        }

        if (string.IsNullOrWhiteSpace(options.SecretName))
        {
            throw new InvalidOperationException($"{KeyVaultSigningKeyOptions.Section}:SecretName must name the signing-key secret.");
        }

        services.AddOptions<KeyVaultSigningKeyOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp => new KeyVaultSigningKeySource(
            new SecretClient(vault, AzureCredentials.Create(options.ManagedIdentityClientId)),
            sp.GetRequiredService<IOptions<KeyVaultSigningKeyOptions>>(),
            sp.GetRequiredService<IOptionsMonitor<AuthOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        services.AddSingleton<ISigningKeySource>(sp => sp.GetRequiredService<KeyVaultSigningKeySource>());
        return services;
    }

    /// <summary>
    /// Kmt:Language:Provider = Azure: registers <see cref="AzureLanguageTextAnalyzer"/> as
    /// <see cref="ITextAnalyzer"/>. Needs "Kmt:Language:Endpoint".
    /// </summary>
    public static IServiceCollection AddKmtAzureLanguage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AzureLanguageOptions.Section);
        var options = section.Get<AzureLanguageOptions>() ?? new AzureLanguageOptions();
        if (!options.IsConfigured)
        {
            throw new InvalidOperationException($"The Azure text-analysis provider needs {AzureLanguageOptions.Section}:Endpoint.");
        }

        services.AddOptions<AzureLanguageOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddSingleton(sp =>
        {
            var value = sp.GetRequiredService<IOptions<AzureLanguageOptions>>().Value;
            return new KmtLanguageCredential(string.IsNullOrWhiteSpace(value.Key) ? AzureCredentials.Create(value.ManagedIdentityClientId) : null);
        });
        services.AddHttpClient<AzureLanguageTextAnalyzer>()
            .ConfigureHttpClient(http => http.Timeout = Timeout.InfiniteTimeSpan) // per-try timeouts are the Azure.Core pipeline's
            .AddTypedClient((http, sp) => new AzureLanguageTextAnalyzer(
                http,
                sp.GetRequiredService<IOptions<AzureLanguageOptions>>().Value,
                sp.GetRequiredService<KmtLanguageCredential>().Credential,
                sp.GetService<ILogger<AzureLanguageTextAnalyzer>>()));

        services.AddTransient<ITextAnalyzer>(sp => sp.GetRequiredService<AzureLanguageTextAnalyzer>());
        return services;
    }

    /// <summary>
    /// Kmt:Realtime:Provider = WebPubSub: registers <see cref="WebPubSubRealtime"/> as <see cref="IRealtimePublisher"/>
    /// and <see cref="IRealtimeNegotiator"/> (a singleton, managed identity). Needs "Kmt:WebPubSub:Endpoint".
    /// </summary>
    public static IServiceCollection AddKmtWebPubSubRealtime(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(WebPubSubOptions.Section);
        if (!(section.Get<WebPubSubOptions>() ?? new WebPubSubOptions()).IsConfigured)
        {
            throw new InvalidOperationException($"The Web PubSub real-time provider needs {WebPubSubOptions.Section}:Endpoint.");
        }

        services.AddOptions<WebPubSubOptions>().Bind(section);
        services.AddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebPubSubOptions>>();
            return new WebPubSubRealtime(options, sp.GetRequiredService<IOptions<RealtimeOptions>>(), AzureCredentials.Create(options.Value.ManagedIdentityClientId));
        });
        services.AddSingleton<IRealtimePublisher>(sp => sp.GetRequiredService<WebPubSubRealtime>());
        services.AddSingleton<IRealtimeNegotiator>(sp => sp.GetRequiredService<WebPubSubRealtime>());
        return services;
    }

    /// <summary>
    /// With "Kmt:Auth:Mode" = "Entra", validates "Kmt:Entra" (TenantId and ClientId required), registers
    /// <see cref="EntraAccessTokenAuthenticator"/> as <see cref="IAccessTokenAuthenticator"/> (Core registers
    /// the local one only in Local mode) and returns true. In Local mode (the default) registers nothing and
    /// returns false; any other mode is a configuration mistake and throws.
    /// </summary>
    public static bool AddKmtEntraAuthentication(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var mode = configuration[$"{AuthOptions.Section}:{nameof(AuthOptions.Mode)}"];
        if (!AuthModes.IsKnown(mode))
        {
            throw new InvalidOperationException(
                $"{AuthOptions.Section}:{nameof(AuthOptions.Mode)} must be {AuthModes.Local} or {AuthModes.Entra}, not '{mode}'.");
        }

        if (!AuthModes.IsEntra(mode))
        {
            return false;
        }

        var section = configuration.GetSection(EntraOptions.Section);
        EntraAccessTokenAuthenticator.Validate(section.Get<EntraOptions>() ?? new EntraOptions());

        services.AddOptions<EntraOptions>().Bind(section);
        services.TryAddSingleton(TimeProvider.System);
        services.AddHttpClient(EntraAccessTokenAuthenticator.HttpClientName)
            .ConfigureHttpClient(http => http.Timeout = TimeSpan.FromSeconds(10));
        services.AddSingleton<EntraAccessTokenAuthenticator>();

        services.AddSingleton<IAccessTokenAuthenticator>(sp => sp.GetRequiredService<EntraAccessTokenAuthenticator>());
        return true;
    }

    internal static BlobServiceClient CreateBlobServiceClient(AzureBlobOptions options)
    {
        var clientOptions = new BlobClientOptions();
        if (!string.IsNullOrWhiteSpace(options.ConnectionString))
        {
            return new BlobServiceClient(options.ConnectionString, clientOptions);
        }

        if (!Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{AzureBlobOptions.Section}:ServiceUri must be an absolute https URL.");
        }

        return new BlobServiceClient(uri, AzureCredentials.Create(options.ManagedIdentityClientId), clientOptions);
    }

    /// <summary>Base64 messages, as the Functions queue trigger reads them by default (host.json messageEncoding).</summary>
    internal static QueueServiceClient CreateQueueServiceClient(AzureQueueOptions options)
    {
        var hasUri = !string.IsNullOrWhiteSpace(options.ServiceUri);
        var hasConnection = !string.IsNullOrWhiteSpace(options.ConnectionString);
        if (hasUri == hasConnection)
        {
            throw new InvalidOperationException(
                $"The Azure queue provider needs {AzureQueueOptions.Section}:ServiceUri (Azure, managed identity) or {AzureQueueOptions.Section}:ConnectionString (local emulator), exactly one.");
        }

        var clientOptions = new QueueClientOptions { MessageEncoding = QueueMessageEncoding.Base64 };
        if (hasConnection)
        {
            return new QueueServiceClient(options.ConnectionString, clientOptions);
        }

        if (!Uri.TryCreate(options.ServiceUri, UriKind.Absolute, out var uri) || uri.Scheme != Uri.UriSchemeHttps)
        {
            throw new InvalidOperationException($"{AzureQueueOptions.Section}:ServiceUri must be an absolute https URL.");
        }

        return new QueueServiceClient(uri, AzureCredentials.Create(options.ManagedIdentityClientId), clientOptions);
    }

    /// <summary>
    /// Kmt:Mail:Provider = AzureCommunicationServices: registers <see cref="AcsEmailSender"/> as
    /// <see cref="IMailSender"/> (the outbox's sender; digests and account mail go through it). Needs
    /// Kmt:Mail:Acs:Endpoint and SenderAddress; authenticates with the app's managed identity.
    /// </summary>
    public static IServiceCollection AddKmtAcsEmail(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(AcsEmailOptions.Section);
        var options = section.Get<AcsEmailOptions>() ?? new AcsEmailOptions();
        if (string.IsNullOrWhiteSpace(options.Endpoint) || string.IsNullOrWhiteSpace(options.SenderAddress))
        {
            throw new InvalidOperationException($"The Azure Communication Services mail provider needs {AcsEmailOptions.Section}:Endpoint and SenderAddress.");
        }

        services.AddOptions<AcsEmailOptions>().Bind(section);
        services.AddSingleton<IMailSender>(sp =>
        {
            var value = sp.GetRequiredService<IOptions<AcsEmailOptions>>().Value;
            return new AcsEmailSender(value, AzureCredentials.Create(value.ManagedIdentityClientId));
        });
        return services;
    }

    /// <summary>
    /// Web Push (<see cref="WebPushSender"/> as <see cref="IPushSender"/>) with the VAPID keys of
    /// Kmt:Notifications:Push, or, when they are unset and <paramref name="localKeyDirectory"/> is given (the
    /// embedded store's data folder), keys generated once into that folder. Without either, no sender is
    /// registered and notifications are not pushed.
    /// </summary>
    public static IServiceCollection AddKmtWebPush(this IServiceCollection services, IConfiguration configuration, Func<IServiceProvider, string>? localKeyDirectory)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(WebPushOptions.Section);
        var configured = section.Get<WebPushOptions>() ?? new WebPushOptions();
        if (!configured.HasKeys && localKeyDirectory is null)
        {
            return services;
        }

        services.AddOptions<WebPushOptions>().Bind(section);
        services.AddHttpClient(nameof(WebPushSender));
        services.AddSingleton<IPushSender>(sp =>
        {
            var options = sp.GetRequiredService<IOptions<WebPushOptions>>().Value;
            if (!options.HasKeys)
            {
                var (publicKey, privateKey) = VapidKeyFile.LoadOrCreate(localKeyDirectory!(sp));
                options = new WebPushOptions { Subject = options.Subject, TimeToLive = options.TimeToLive, VapidPublicKey = publicKey, VapidPrivateKey = privateKey };
            }

            return new WebPushSender(sp.GetRequiredService<IHttpClientFactory>().CreateClient(nameof(WebPushSender)), options);
        });
        return services;
    }

    /// <summary>The blob client of these adapters, kept apart from any BlobServiceClient the app registers for itself.</summary>
    internal sealed record KmtBlobServiceClient(BlobServiceClient Client);

    internal sealed record KmtLanguageCredential(TokenCredential? Credential);
}
