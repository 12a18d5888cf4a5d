// KMT infrastructure for azd (`azd up`): one resource group holding the Flex Consumption function
// app and everything it reaches with its user-assigned managed identity. Names of databases,
// containers and settings follow docs/azure-layout.md (the contract between code and infra).
// Deployment steps Bicep cannot do live in azure.yaml hooks (infra/hooks/): the JWT signing key
// (postprovision) and the Event Grid subscription of the blob trigger (postdeploy).

targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('azd environment name; part of the resource group name and of every resource name\'s hash.')
param environmentName string

@minLength(1)
@description('Region of every resource. Must offer Flex Consumption (e.g. eastus, eastus2, westus2, northeurope, westeurope, swedencentral, uksouth, australiaeast, southeastasia).')
@metadata({ azd: { type: 'location' } })
param location string

@description('Object id of the developer running azd (azd sets AZURE_PRINCIPAL_ID); gets data roles to run and inspect. Empty: none.')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
@description('Kind of principalId (ServicePrincipal when a pipeline runs azd).')
param principalType string = 'User'

@description('Resource group name; default rg-{environmentName}.')
param resourceGroupName string = ''

@description('Deploy Azure AI Language (kind TextAnalytics) and point Kmt__Language__Endpoint at it; false keeps the in-process analyzer.')
param deployLanguage bool = true

@allowed(['F0', 'S'])
@description('Azure AI Language pricing tier (F0: one free resource per subscription).')
param languageSku string = 'S'

@allowed(['Local', 'Entra'])
@description('Kmt__Auth__Mode: Local (KMT\'s own RS256 JWTs, key in Key Vault) or Entra (Microsoft Entra ID).')
param authMode string = 'Local'

@description('Kmt__Entra__Instance (Entra mode).')
param entraInstance string = environment().authentication.loginEndpoint

@description('Kmt__Entra__TenantId (Entra mode); default: this deployment\'s tenant.')
param entraTenantId string = ''

@description('Kmt__Entra__ClientId: the app registration\'s client id (Entra mode).')
param entraClientId string = ''

@description('Function app instance memory (MB).')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Most instances Flex Consumption scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Browser origins allowed to PUT to SAS upload URLs (CORS on the blob service). Empty: none.')
param uploadCorsOrigins array = []

@description('Region of the web client\'s Static Web App (a Static Web Apps region near location).')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param webLocation string = 'westeurope'

@description('Key Vault purge protection (irreversible; on for production, off for throwaway environments).')
param keyVaultPurgeProtection bool = false

@description('Gremlin account keys disabled (Entra RBAC only). false only as the documented fallback.')
param gremlinDisableLocalAuth bool = true

var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName, application: 'kmt' }

// docs/azure-layout.md
var cosmosDatabaseName = 'kmt'
var gremlinDatabaseName = 'kmt-graph'
var gremlinGraphName = 'knowledge'
var uploadsContainerName = 'uploads'
var quarantineContainerName = 'quarantine'
// The second stage of ingestion: one request blob per item to embed ({user}/{item}).
var embeddingRequestsContainerName = 'embedding-requests'
var embeddedChunksContainerName = 'embedded-chunks'
var deploymentContainerName = 'deploymentpackage'
var signingKeySecretName = 'kmt-signing-key'
// IngestionFunction's [Function("Ingest_UploadedBlob")]: the Event Grid webhook names it.
var ingestFunctionName = 'Ingest_UploadedBlob'
// EmbeddingFunction's [Function("Embed_Item")]: the second Event Grid webhook names it.
var embedFunctionName = 'Embed_Item'
// Data exports (docs/design/storage.md, "Privacy"): request blobs start ExportFunction's [Function("Export_Run")],
// which writes the zip to the exports container.
var exportRequestsContainerName = 'export-requests'
var exportsContainerName = 'exports'
var exportFunctionName = 'Export_Run'
// History imports (docs/api.md, "Import"): a large imported file is written here and starts
// ImportFunction's [Function("Import_Run")], which deletes it when done.
var importRequestsContainerName = 'import-requests'
var importFunctionName = 'Import_Run'

var names = {
  resourceGroup: !empty(resourceGroupName) ? resourceGroupName : 'rg-${environmentName}'
  identity: 'id-kmt-${resourceToken}'
  storage: 'stkmt${resourceToken}' // 3-24 lower-case letters and digits
  systemTopic: 'evgt-kmt-uploads-${resourceToken}'
  logAnalytics: 'log-kmt-${resourceToken}'
  appInsights: 'appi-kmt-${resourceToken}'
  keyVault: 'kv-kmt-${resourceToken}' // 3-24 characters
  cosmos: 'cosmos-kmt-${resourceToken}'
  gremlin: 'cosmos-kmt-graph-${resourceToken}'
  language: 'lang-kmt-${resourceToken}'
  webPubSub: 'wps-kmt-${resourceToken}'
  plan: 'plan-kmt-${resourceToken}'
  functionApp: 'func-kmt-${resourceToken}'
  web: 'stapp-kmt-${resourceToken}'
}

resource rg 'Microsoft.Resources/resourceGroups@2025-04-01' = {
  name: names.resourceGroup
  location: location
  tags: tags
}

module identity 'modules/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: names.identity
    location: location
    tags: tags
  }
}

module monitoring 'modules/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: names.logAnalytics
    applicationInsightsName: names.appInsights
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
  }
}

module storage 'modules/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: names.storage
    location: location
    tags: tags
    containerNames: [uploadsContainerName, quarantineContainerName, embeddingRequestsContainerName, embeddedChunksContainerName, exportRequestsContainerName, exportsContainerName, importRequestsContainerName, deploymentContainerName]
    systemTopicName: names.systemTopic
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
    // The web client uploads to SAS targets from its own origin.
    uploadCorsOrigins: union(uploadCorsOrigins, [web.outputs.origin])
  }
}

module cosmos 'modules/cosmos-nosql.bicep' = {
  name: 'cosmos-nosql'
  scope: rg
  params: {
    accountName: names.cosmos
    location: location
    tags: tags
    databaseName: cosmosDatabaseName
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
  }
}

module gremlin 'modules/cosmos-gremlin.bicep' = {
  name: 'cosmos-gremlin'
  scope: rg
  params: {
    accountName: names.gremlin
    location: location
    tags: tags
    databaseName: gremlinDatabaseName
    graphName: gremlinGraphName
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    disableLocalAuth: gremlinDisableLocalAuth
  }
}

module keyVault 'modules/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: names.keyVault
    location: location
    tags: tags
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
    enablePurgeProtection: keyVaultPurgeProtection
    signingKeySecretName: signingKeySecretName
  }
}

module language 'modules/language.bicep' = if (deployLanguage) {
  name: 'language'
  scope: rg
  params: {
    name: names.language
    location: location
    tags: tags
    sku: languageSku
    identityPrincipalId: identity.outputs.principalId
    principalId: principalId
    principalType: principalType
  }
}

var languageEndpoint = deployLanguage ? language!.outputs.endpoint : ''

@description('Azure Web PubSub tier for real-time messages (Free_F1: 20 connections, for trying out).')
param webPubSubSku string = 'Standard_S1'

// Real-time messages to clients (docs/api.md, "Real-time"): Web PubSub in serverless mode, reached with the identity.
module webPubSub 'modules/webpubsub.bicep' = {
  name: 'webpubsub'
  scope: rg
  params: {
    name: names.webPubSub
    location: location
    tags: tags
    sku: webPubSubSku
    identityPrincipalId: identity.outputs.principalId
  }
}

var kmtSettings = {
  // Providers are chosen explicitly (docs/architecture.md, "Choosing the providers").
  Kmt__Storage__Provider: 'Cosmos'
  Kmt__Blobs__Provider: 'Azure'
  Kmt__Language__Provider: deployLanguage ? 'Azure' : 'InProcess'
  Kmt__Cosmos__Endpoint: cosmos.outputs.endpoint
  // The upload sweeper's timer: the host resolves %Kmt:Uploads:SweepSchedule% when it indexes the function.
  Kmt__Uploads__SweepSchedule: '0 */5 * * * *'
  // The graph reconciliation's timer (%Kmt:Graph:ReconcileSchedule%): nightly repair of pending graph changes.
  Kmt__Graph__ReconcileSchedule: '0 41 2 * * *'
  // The tag rename sweep's timer (%Kmt:Tags:RenameSweepSchedule%): finishes renames a crash left half done.
  Kmt__Tags__RenameSweepSchedule: '0 */5 * * * *'
  // The learning metrics job's timer (%Kmt:Analytics:MetricsSchedule%): hourly, a little after the hour.
  Kmt__Analytics__MetricsSchedule: '0 7 * * * *'
  Kmt__Cosmos__Database: cosmosDatabaseName
  Kmt__Cosmos__ManagedIdentityClientId: identity.outputs.clientId
  Kmt__Blobs__ServiceUri: storage.outputs.blobEndpoint
  Kmt__Blobs__ManagedIdentityClientId: identity.outputs.clientId
  // Queue-triggered work (docs/design/hosting.md, "Queues"): sent to the storage account's queues with the
  // identity (Storage Queue Data Contributor), read by the queue triggers through WorkQueueStorage__*.
  Kmt__Queues__Provider: 'Azure'
  Kmt__Queues__ServiceUri: storage.outputs.queueEndpoint
  Kmt__Queues__ManagedIdentityClientId: identity.outputs.clientId
  // The knowledge graph on Cosmos DB for Apache Gremlin (Kmt.Storage.Gremlin), reached with the app's
  // identity: an Entra token over SASL, allowed by the gremlinRoleAssignments in modules/cosmos-gremlin.bicep.
  Kmt__Graph__Provider: 'Gremlin'
  Kmt__Gremlin__Endpoint: gremlin.outputs.gremlinEndpoint
  Kmt__Gremlin__Database: gremlin.outputs.databaseName
  Kmt__Gremlin__Graph: gremlin.outputs.graphName
  Kmt__Gremlin__AuthMode: 'Entra'
  Kmt__Gremlin__ManagedIdentityClientId: identity.outputs.clientId
  Kmt__Gremlin__PartitionKeyProperty: 'userId' // the graph's partition key path (/userId)
  Kmt__Auth__Mode: authMode
  Kmt__RateLimits__ClientIpHeader: 'X-Forwarded-For'
  Kmt__Privacy__RetentionSchedule: '0 17 3 * * *' // NCRONTAB for the Activity_Retention timer
  Kmt__Privacy__SweepSchedule: '0 */10 * * * *' // NCRONTAB for the Privacy_Sweep timer
  // Rate limits hold across instances: counters in Table Storage (the app's identity has Table Data Contributor).
  Kmt__RateLimits__Store: 'Table'
  Kmt__RateLimits__Table__ServiceUri: storage.outputs.tableEndpoint
  Kmt__RateLimits__PurgeSchedule: '0 */10 * * * *' // NCRONTAB for the RateLimits_Purge timer
  Kmt__Realtime__Provider: 'WebPubSub'
  Kmt__WebPubSub__Endpoint: webPubSub.outputs.endpoint
  Kmt__WebPubSub__Hub: webPubSub.outputs.hub
  Kmt__WebPubSub__ManagedIdentityClientId: identity.outputs.clientId
  Kmt__Insights__Schedule: '0 0 2 * * *' // NCRONTAB (UTC) for the Insights_NightlyStart timer (docs/design/insights.md, "Insight pipeline")
  Kmt__Notifications__DigestSchedule: '0 5 * * * *' // NCRONTAB (UTC) for the Notifications_Digest timer: hourly, each person's digest in their time zone
}

var languageSettings = deployLanguage
  ? {
      Kmt__Language__Endpoint: languageEndpoint
      Kmt__Language__ManagedIdentityClientId: identity.outputs.clientId
    }
  : {}

var authSettings = authMode == 'Local'
  ? {
      // The signing key's secret versions are read by the app itself (not a Key Vault reference), so
      // adding a version rotates the key without a restart (docs/deployment.md, "Rotating the signing key").
      Kmt__SigningKeys__Provider: 'KeyVault'
      Kmt__Auth__KeyVault__VaultUri: keyVault.outputs.uri
      Kmt__Auth__KeyVault__SecretName: keyVault.outputs.signingKeySecretName
      Kmt__Auth__KeyVault__ManagedIdentityClientId: identity.outputs.clientId
    }
  : {
      Kmt__Entra__Instance: entraInstance
      Kmt__Entra__TenantId: !empty(entraTenantId) ? entraTenantId : tenant().tenantId
      Kmt__Entra__ClientId: entraClientId
    }

var monitoringSettings = {
  APPLICATIONINSIGHTS_CONNECTION_STRING: monitoring.outputs.connectionString
  // Telemetry ingestion with the identity (the component has local auth disabled).
  APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identity.outputs.clientId};Authorization=AAD'
}

module functionApp 'modules/functionapp.bicep' = {
  name: 'functionapp'
  scope: rg
  params: {
    planName: names.plan
    appName: names.functionApp
    location: location
    tags: tags
    serviceName: 'api'
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    storageBlobEndpoint: storage.outputs.blobEndpoint
    storageQueueEndpoint: storage.outputs.queueEndpoint
    deploymentContainerName: deploymentContainerName
    instanceMemoryMB: instanceMemoryMB
    maximumInstanceCount: maximumInstanceCount
    appSettings: union(kmtSettings, languageSettings, authSettings, monitoringSettings)
    corsOrigins: union(uploadCorsOrigins, [web.outputs.origin])
  }
}

// The web client (docs/deployment.md, "The web client"): static files, calling the function app.
module web 'modules/staticweb.bicep' = {
  name: 'staticweb'
  scope: rg
  params: {
    name: names.web
    location: webLocation
    tags: tags
  }
}

// ---- Outputs: azd stores them in .azure/{env}/.env (azd env get-values); the hooks read them. ----
output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = functionApp.outputs.name
output AZURE_FUNCTION_APP_URI string = functionApp.outputs.uri
output AZURE_FUNCTION_APP_HOSTNAME string = functionApp.outputs.defaultHostName
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_COSMOS_ACCOUNT_NAME string = cosmos.outputs.accountName
output AZURE_GREMLIN_ACCOUNT_NAME string = gremlin.outputs.accountName
output AZURE_APPLICATION_INSIGHTS_NAME string = monitoring.outputs.applicationInsightsName
output AZURE_MANAGED_IDENTITY_CLIENT_ID string = identity.outputs.clientId
output AZURE_MANAGED_IDENTITY_PRINCIPAL_ID string = identity.outputs.principalId
output AZURE_LANGUAGE_ACCOUNT_NAME string = deployLanguage ? language!.outputs.name : ''

// For infra/hooks/postdeploy.sh (Event Grid subscription of the blob trigger).
output EVENTGRID_SYSTEM_TOPIC_NAME string = storage.outputs.systemTopicName
output UPLOADS_CONTAINER_NAME string = uploadsContainerName
output QUARANTINE_CONTAINER_NAME string = quarantineContainerName
output INGEST_FUNCTION_NAME string = ingestFunctionName
output EMBEDDING_REQUESTS_CONTAINER_NAME string = embeddingRequestsContainerName
output EMBED_FUNCTION_NAME string = embedFunctionName
output EXPORT_REQUESTS_CONTAINER_NAME string = exportRequestsContainerName
output EXPORT_FUNCTION_NAME string = exportFunctionName
output IMPORT_REQUESTS_CONTAINER_NAME string = importRequestsContainerName
output IMPORT_FUNCTION_NAME string = importFunctionName
// For infra/hooks/postprovision.sh (JWT signing key).
output KMT_AUTH_MODE string = authMode
output KMT_SIGNING_KEY_SECRET_NAME string = signingKeySecretName

// Every app setting of docs/azure-layout.md (same names; .NET configuration keys ignore case).
output Kmt__Storage__Provider string = 'Cosmos'
output Kmt__Blobs__Provider string = 'Azure'
output Kmt__Language__Provider string = deployLanguage ? 'Azure' : 'InProcess'
output Kmt__Queues__Provider string = 'Azure'
output Kmt__Queues__ServiceUri string = storage.outputs.queueEndpoint
output Kmt__Queues__ManagedIdentityClientId string = identity.outputs.clientId
output Kmt__Cosmos__Endpoint string = cosmos.outputs.endpoint
output Kmt__Cosmos__Database string = cosmosDatabaseName
output Kmt__Cosmos__ManagedIdentityClientId string = identity.outputs.clientId
output Kmt__Blobs__ServiceUri string = storage.outputs.blobEndpoint
output Kmt__Blobs__ManagedIdentityClientId string = identity.outputs.clientId
output UploadsStorage__blobServiceUri string = storage.outputs.blobEndpoint
output UploadsStorage__queueServiceUri string = storage.outputs.queueEndpoint
output UploadsStorage__credential string = 'managedidentity'
output UploadsStorage__clientId string = identity.outputs.clientId
output WorkQueueStorage__queueServiceUri string = storage.outputs.queueEndpoint
output WorkQueueStorage__credential string = 'managedidentity'
output WorkQueueStorage__clientId string = identity.outputs.clientId
output AzureWebJobsStorage__accountName string = storage.outputs.name
output AzureWebJobsStorage__credential string = 'managedidentity'
output AzureWebJobsStorage__clientId string = identity.outputs.clientId
output Kmt__Language__Endpoint string = languageEndpoint
output Kmt__Language__ManagedIdentityClientId string = deployLanguage ? identity.outputs.clientId : ''
output Kmt__Auth__Mode string = authMode
output Kmt__SigningKeys__Provider string = authMode == 'Local' ? 'KeyVault' : 'Local'
output Kmt__Auth__KeyVault__VaultUri string = authMode == 'Local' ? keyVault.outputs.uri : ''
output Kmt__Entra__Instance string = authMode == 'Entra' ? entraInstance : ''
output Kmt__Entra__TenantId string = authMode == 'Entra' ? (!empty(entraTenantId) ? entraTenantId : tenant().tenantId) : ''
output Kmt__Entra__ClientId string = authMode == 'Entra' ? entraClientId : ''
output Kmt__Graph__Provider string = 'Gremlin'
output Kmt__Gremlin__Endpoint string = gremlin.outputs.gremlinEndpoint
output Kmt__Gremlin__Database string = gremlin.outputs.databaseName
output Kmt__Gremlin__Graph string = gremlin.outputs.graphName
output Kmt__Gremlin__AuthMode string = 'Entra'
output Kmt__Gremlin__ManagedIdentityClientId string = identity.outputs.clientId
output Kmt__RateLimits__ClientIpHeader string = 'X-Forwarded-For'
output APPLICATIONINSIGHTS_CONNECTION_STRING string = monitoring.outputs.connectionString
