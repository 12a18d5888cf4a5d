// The storage account shared by the Functions host (AzureWebJobsStorage: host locks, keys, Durable
// task hub), the deployment package (Flex Consumption) and KMT's blobs (uploads, quarantine and
// embedding-requests, read by the blob triggers). Shared keys are disabled: everything goes through
// Entra ID (RBAC). Also the Event Grid system topic whose subscriptions (created by
// infra/hooks/postdeploy.sh, as they need the app's blobs_extension system key; one per blob-triggered
// function and container) drive the Event Grid blob triggers.

param name string
param location string
param tags object = {}

@description('Blob containers to create (docs/azure-layout.md: uploads, quarantine, embedding-requests, embedded-chunks, deploymentpackage).')
param containerNames array

@description('Name of the Event Grid system topic on this account.')
param systemTopicName string

@description('Principal id of the app\'s managed identity.')
param identityPrincipalId string

@description('Object id of the developer running azd (empty: no developer roles).')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

@description('Origins allowed to PUT to user-delegation SAS upload URLs from a browser (empty: no CORS rule).')
param uploadCorsOrigins array = []

var roles = {
  blobDataOwner: 'b7e6dc6d-f1e8-4753-8033-0f276bb0955b' // deployment package, host, blob trigger, user-delegation SAS
  queueDataContributor: '974c5e8b-45b9-4653-ba55-5f855dd0fb88' // work queues (send, queue triggers, poison queues), blob trigger poison queue
  tableDataContributor: '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3' // Durable Functions task hub (Azure Storage backend)
}

resource storage 'Microsoft.Storage/storageAccounts@2025-01-01' = {
  name: name
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: { name: 'Standard_LRS' }
  properties: {
    accessTier: 'Hot'
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    minimumTlsVersion: 'TLS1_2'
    supportsHttpsTrafficOnly: true
    publicNetworkAccess: 'Enabled'
    dnsEndpointType: 'Standard'
    networkAcls: {
      defaultAction: 'Allow'
      bypass: 'AzureServices'
    }
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2025-01-01' = {
  parent: storage
  name: 'default'
  properties: {
    deleteRetentionPolicy: { enabled: true, days: 7 }
    containerDeleteRetentionPolicy: { enabled: true, days: 7 }
    cors: {
      corsRules: empty(uploadCorsOrigins) ? [] : [
        {
          allowedOrigins: uploadCorsOrigins
          allowedMethods: ['PUT', 'OPTIONS']
          allowedHeaders: ['*']
          exposedHeaders: ['ETag', 'x-ms-request-id']
          maxAgeInSeconds: 3600
        }
      ]
    }
  }
}

resource containers 'Microsoft.Storage/storageAccounts/blobServices/containers@2025-01-01' = [
  for containerName in containerNames: {
    parent: blobService
    name: containerName
    properties: { publicAccess: 'None' }
  }
]

resource systemTopic 'Microsoft.EventGrid/systemTopics@2025-02-15' = {
  name: systemTopicName
  location: location
  tags: tags
  properties: {
    source: storage.id
    topicType: 'Microsoft.Storage.StorageAccounts'
  }
}

// The app's identity: the three data roles the Functions runtime and KMT need.
resource identityRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): {
    name: guid(storage.id, identityPrincipalId, role.value)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: identityPrincipalId
      principalType: 'ServicePrincipal'
    }
  }
]

// The developer: the same roles, to run the DevHost against this account and inspect blobs.
resource developerRoles 'Microsoft.Authorization/roleAssignments@2022-04-01' = [
  for role in items(roles): if (!empty(principalId)) {
    name: guid(storage.id, principalId, role.value)
    scope: storage
    properties: {
      roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', role.value)
      principalId: principalId
      principalType: principalType
    }
  }
]

output id string = storage.id
output name string = storage.name
output blobEndpoint string = storage.properties.primaryEndpoints.blob
output queueEndpoint string = storage.properties.primaryEndpoints.queue
output tableEndpoint string = storage.properties.primaryEndpoints.table
output systemTopicName string = systemTopic.name
