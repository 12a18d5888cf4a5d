// Cosmos DB for Apache Gremlin (a separate, serverless account): database `kmt-graph`, graph
// `knowledge` partitioned by /userId (docs/azure-layout.md). No code uses it yet.
//
// Access is Microsoft Entra ID through Gremlin's native data-plane RBAC (gremlinRoleDefinitions /
// gremlinRoleAssignments, API 2025-11-01-preview: the only versions bicep 0.49.2 has types for are
// 2025-05-01-preview and 2025-11-01-preview). Gremlin RBAC has no documented built-in role we rely on, so a
// custom role lists the data actions (Gremlin RBAC does not support notDataActions). Keys are
// disabled unless disableLocalAuth = false (the documented fallback: then put the account key in
// Key Vault and reference it from a setting; never a plain app setting).

param accountName string
param location string
param tags object = {}

param databaseName string = 'kmt-graph'
param graphName string = 'knowledge'

@description('Principal id of the app\'s managed identity.')
param identityPrincipalId string

@description('Object id of the developer running azd (empty: no developer role).')
param principalId string = ''

@description('false only as a fallback if Entra ID cannot be used by the Gremlin client (then keep the key in Key Vault).')
param disableLocalAuth bool = true

resource account 'Microsoft.DocumentDB/databaseAccounts@2025-10-15' = {
  name: accountName
  location: location
  tags: tags
  kind: 'GlobalDocumentDB'
  properties: {
    databaseAccountOfferType: 'Standard'
    locations: [
      { locationName: location, failoverPriority: 0, isZoneRedundant: false }
    ]
    consistencyPolicy: { defaultConsistencyLevel: 'Session' }
    capabilities: [
      { name: 'EnableGremlin' }
      { name: 'EnableServerless' }
    ]
    disableLocalAuth: disableLocalAuth
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/gremlinDatabases@2025-10-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource graph 'Microsoft.DocumentDB/databaseAccounts/gremlinDatabases/graphs@2025-10-15' = {
  parent: database
  name: graphName
  properties: {
    resource: {
      id: graphName
      partitionKey: { paths: ['/userId'], kind: 'Hash', version: 2 }
      indexingPolicy: {
        indexingMode: 'consistent'
        automatic: true
        includedPaths: [{ path: '/*' }]
        excludedPaths: [{ path: '/"_etag"/?' }]
      }
    }
  }
}

resource dataContributor 'Microsoft.DocumentDB/databaseAccounts/gremlinRoleDefinitions@2025-11-01-preview' = {
  parent: account
  name: guid(account.id, 'kmt-gremlin-data-contributor')
  properties: {
    roleName: 'KMT Gremlin Data Contributor'
    type: 'CustomRole'
    assignableScopes: [account.id]
    permissions: [
      {
        dataActions: [
          'Microsoft.DocumentDB/databaseAccounts/readMetadata'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/executeQuery'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/readChangeFeed'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/entities/create'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/entities/read'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/entities/replace'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/entities/upsert'
          'Microsoft.DocumentDB/databaseAccounts/gremlin/containers/entities/delete'
        ]
      }
    ]
  }
}

resource identityAssignment 'Microsoft.DocumentDB/databaseAccounts/gremlinRoleAssignments@2025-11-01-preview' = {
  parent: account
  name: guid(account.id, identityPrincipalId, dataContributor.id)
  properties: {
    roleDefinitionId: dataContributor.id
    principalId: identityPrincipalId
    scope: account.id
  }
}

resource developerAssignment 'Microsoft.DocumentDB/databaseAccounts/gremlinRoleAssignments@2025-11-01-preview' = if (!empty(principalId)) {
  parent: account
  name: guid(account.id, principalId, dataContributor.id)
  properties: {
    roleDefinitionId: dataContributor.id
    principalId: principalId
    scope: account.id
  }
}

output accountName string = account.name
// The Gremlin (WebSocket) endpoint, wss://{account}.gremlin.cosmos.azure.com:443/, derived from the
// account's https endpoint (https://{account}.documents.azure.com:443/; public cloud host names).
output gremlinEndpoint string = replace(
  replace(account.properties.documentEndpoint, 'https://', 'wss://'),
  '.documents.azure.com',
  '.gremlin.cosmos.azure.com'
)
output documentEndpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output graphName string = graph.name
