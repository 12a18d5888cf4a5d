// Flex Consumption (FC1) plan + the KMT function app: .NET 10 isolated worker, running as the
// user-assigned identity, deployment package pulled from the `deploymentpackage` container with that
// identity, and only identity-based connections in its settings (docs/azure-layout.md).
// On Flex Consumption, FUNCTIONS_WORKER_RUNTIME / FUNCTIONS_EXTENSION_VERSION / WEBSITE_RUN_FROM_PACKAGE
// must not be app settings: the runtime comes from functionAppConfig.

param planName string
param appName string
param location string
param tags object = {}

@description('azd service name (azure.yaml): azd finds the app by the tag azd-service-name.')
param serviceName string = 'api'

param identityId string
param identityClientId string

param storageAccountName string
param storageBlobEndpoint string
param storageQueueEndpoint string
param deploymentContainerName string = 'deploymentpackage'

@description('Memory of one instance (MB): 512, 2048 or 4096. The in-process embedding model and document parsers want 2048.')
@allowed([512, 2048, 4096])
param instanceMemoryMB int = 2048

@description('Upper bound of instances Flex Consumption scales out to.')
@minValue(1)
@maxValue(1000)
param maximumInstanceCount int = 40

@description('Settings computed by main.bicep (Kmt__*, connections, monitoring); merged over the base settings below.')
param appSettings object

@description('Browser origins allowed to call the API (the web client\'s Static Web App).')
param corsOrigins array = []

resource plan 'Microsoft.Web/serverfarms@2024-11-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: {
    tier: 'FlexConsumption'
    name: 'FC1'
  }
  properties: {
    reserved: true // Linux
  }
}

resource app 'Microsoft.Web/sites@2024-11-01' = {
  name: appName
  location: location
  tags: union(tags, { 'azd-service-name': serviceName })
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // The app reads the signing key from Key Vault with the user-assigned identity (Kmt__Auth__KeyVault__*).
    keyVaultReferenceIdentity: identityId
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
      http20Enabled: true
      cors: {
        allowedOrigins: corsOrigins
        supportCredentials: false
      }
    }
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storageBlobEndpoint}${deploymentContainerName}'
          authentication: {
            type: 'UserAssignedIdentity'
            userAssignedIdentityResourceId: identityId
          }
        }
      }
      scaleAndConcurrency: {
        instanceMemoryMB: instanceMemoryMB
        maximumInstanceCount: maximumInstanceCount
      }
      runtime: {
        name: 'dotnet-isolated'
        version: '10.0'
      }
    }
  }
}

// No publishing with user names and passwords: azd deploys with the signed-in Entra identity.
resource ftpCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'ftp'
  properties: { allow: false }
}

resource scmCredentials 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2024-11-01' = {
  parent: app
  name: 'scm'
  properties: { allow: false }
}

var baseSettings = {
  // The host's storage (keys, locks, timers, Durable task hub) through the identity.
  AzureWebJobsStorage__accountName: storageAccountName
  AzureWebJobsStorage__credential: 'managedidentity'
  AzureWebJobsStorage__clientId: identityClientId
  // The blob trigger's connection (IngestionFunction: Connection = "UploadsStorage", Source = EventGrid).
  UploadsStorage__blobServiceUri: storageBlobEndpoint
  UploadsStorage__queueServiceUri: storageQueueEndpoint
  UploadsStorage__credential: 'managedidentity'
  UploadsStorage__clientId: identityClientId
  // The queue triggers' connection (WorkQueueConnection.Name = "WorkQueueStorage"): the same account's
  // queues, which the app sends to through Kmt__Queues__ServiceUri (docs/design/hosting.md, "Queues").
  WorkQueueStorage__queueServiceUri: storageQueueEndpoint
  WorkQueueStorage__credential: 'managedidentity'
  WorkQueueStorage__clientId: identityClientId
}

resource settings 'Microsoft.Web/sites/config@2024-11-01' = {
  parent: app
  name: 'appsettings'
  properties: union(baseSettings, appSettings)
}

output name string = app.name
output defaultHostName string = app.properties.defaultHostName
output uri string = 'https://${app.properties.defaultHostName}'
output planName string = plan.name
