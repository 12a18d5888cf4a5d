// Cosmos DB for NoSQL (serverless), database `kmt`, and every container of docs/azure-layout.md.
// Keys are disabled (disableLocalAuth): the app's identity (and the developer) get the built-in
// data-plane role "Cosmos DB Built-in Data Contributor" through sqlRoleAssignments.
//
// Indexing mirrors the adapter's own definitions, src/Kmt.Storage.Cosmos/ContainerDefinitions.cs
// (which creates the same containers against local servers and in tests): every path is range-indexed
// ("/*") except the large values listed per container (content, metadataJson, vectors, bodies), which
// are never filtered or sorted on. Keyset listings ORDER BY (field, id), so each sort field has a
// composite index (field, id) in both directions. Full text: knowledge /title and /content. Vectors:
// /vector (384 float32, cosine, quantizedFlat) on embeddings and on knowledge items (hybrid search);
// vector policies cannot be changed once a container exists, so they are set at creation.
//
// API version 2025-10-15 is the newest GA version bicep 0.49.2 has types for that accepts
// fullTextPolicy / fullTextIndexes and vectorEmbeddingPolicy / vectorIndexes (checked with
// `bicep build`: 2024-11-15 and 2025-04-15 reject fullTextIndexes; 2024-05-15 rejects all four).

param accountName string
param location string
param tags object = {}

@description('Database name (docs/azure-layout.md).')
param databaseName string = 'kmt'

@description('Principal id of the app\'s managed identity.')
param identityPrincipalId string

@description('Object id of the developer running azd (empty: no developer role).')
param principalId string = ''

@description('Dimensions of the embedding vectors (all-MiniLM-L6-v2: 384).')
param embeddingDimensions int = 384

@description('Vector index type of the embeddings container: quantizedFlat suits searches filtered to one user\'s partition; diskANN suits large partitions.')
@allowed(['flat', 'quantizedFlat', 'diskANN'])
param vectorIndexType string = 'quantizedFlat'

@description('Language of the full-text index on knowledge /title and /content.')
param fullTextLanguage string = 'en-US'

type containerSpec = {
  name: string
  partitionKey: string
  @description('Seconds; -1: on, items set their own ttl; absent: TTL off.')
  defaultTtl: int?
  @description('Paths left out of the range index ("/*" is included): large values nobody filters or sorts on.')
  excludedPaths: string[]?
  @description('Fields sorted on together with id (keyset paging): composite (field, id) both ways.')
  sortedPaths: string[]?
  fullText: bool?
  vector: bool?
}

var thirtyDays = 2592000 // mail outbox

var containers containerSpec[] = [
  {
    name: 'users'
    partitionKey: '/userId'
    excludedPaths: ['/preferencesJson/?', '/passwordHash/?']
  }
  {
    name: 'userKeys'
    partitionKey: '/key'
  }
  {
    name: 'credentials'
    partitionKey: '/userId'
    defaultTtl: -1 // on, no default: refresh sessions and reset tokens carry ttl = seconds to expiry
    excludedPaths: ['/userAgent/?']
  }
  {
    name: 'knowledge'
    partitionKey: '/userId'
    excludedPaths: ['/content/?', '/metadataJson/?', '/vector/*']
    sortedPaths: ['/createdAt', '/updatedAt', '/accessedAt', '/importanceScore']
    fullText: true
    vector: true
  }
  {
    name: 'tags'
    partitionKey: '/userId'
  }
  {
    name: 'activities'
    partitionKey: '/userId'
    defaultTtl: -1 // on, no default: the retention timer folds events into daily counts, then deletes them
    excludedPaths: ['/metadataJson/?']
    sortedPaths: ['/occurredAt']
  }
  {
    name: 'readingSessions'
    partitionKey: '/userId'
    sortedPaths: ['/startTime']
  }
  {
    name: 'uploads'
    partitionKey: '/userId'
    excludedPaths: ['/timingsMs/*']
    sortedPaths: ['/createdAt']
  }
  {
    name: 'embeddings'
    partitionKey: '/userId'
    excludedPaths: ['/vector/*', '/vectorBits/?']
    vector: true
  }
  {
    name: 'mail'
    partitionKey: '/userId'
    defaultTtl: thirtyDays
    excludedPaths: ['/body/?']
  }
  {
    name: 'privacy'
    partitionKey: '/userId'
    defaultTtl: -1 // on, no default: audit entries carry ttl = the audit retention
    excludedPaths: ['/userAgent/?', '/job/?']
    sortedPaths: ['/at']
  }
  {
    name: 'insights'
    partitionKey: '/userId'
    excludedPaths: ['/items/*', '/scores/*', '/masks/*'] // a run's snapshot and scores, learning activity masks: read whole, never filtered
  }
  {
    name: 'notifications'
    partitionKey: '/userId'
    sortedPaths: ['/createdAt'] // the feed newest first, undigested ones oldest first
  }
]

var dataContributorRoleId = '00000000-0000-0000-0000-000000000002' // Cosmos DB Built-in Data Contributor

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
      { name: 'EnableServerless' }
      { name: 'EnableNoSQLVectorSearch' }
      { name: 'EnableNoSQLFullTextSearch' }
    ]
    disableLocalAuth: true
    disableKeyBasedMetadataWriteAccess: true
    minimalTlsVersion: 'Tls12'
    publicNetworkAccess: 'Enabled'
    backupPolicy: {
      type: 'Continuous'
      continuousModeProperties: { tier: 'Continuous7Days' }
    }
  }
}

resource database 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases@2025-10-15' = {
  parent: account
  name: databaseName
  properties: {
    resource: { id: databaseName }
  }
}

resource sqlContainers 'Microsoft.DocumentDB/databaseAccounts/sqlDatabases/containers@2025-10-15' = [
  for c in containers: {
    parent: database
    name: c.name
    properties: {
      resource: {
        id: c.name
        partitionKey: { paths: [c.partitionKey], kind: 'Hash', version: 2 }
        defaultTtl: c.?defaultTtl
        indexingPolicy: {
          indexingMode: 'consistent'
          automatic: true
          includedPaths: [{ path: '/*' }]
          excludedPaths: map(c.?excludedPaths ?? [], p => { path: p })
          compositeIndexes: flatten(map(c.?sortedPaths ?? [], p => [
            [
              { path: p, order: 'descending' }
              { path: '/id', order: 'descending' }
            ]
            [
              { path: p, order: 'ascending' }
              { path: '/id', order: 'ascending' }
            ]
          ]))
          fullTextIndexes: (c.?fullText ?? false) ? [{ path: '/title' }, { path: '/content' }] : null
          vectorIndexes: (c.?vector ?? false) ? [{ path: '/vector', type: vectorIndexType }] : null
        }
        fullTextPolicy: (c.?fullText ?? false)
          ? {
              defaultLanguage: fullTextLanguage
              fullTextPaths: [
                { path: '/title', language: fullTextLanguage }
                { path: '/content', language: fullTextLanguage }
              ]
            }
          : null
        vectorEmbeddingPolicy: (c.?vector ?? false)
          ? {
              vectorEmbeddings: [
                { path: '/vector', dataType: 'float32', dimensions: embeddingDimensions, distanceFunction: 'cosine' }
              ]
            }
          : null
      }
    }
  }
]

// Data-plane RBAC (not Azure RBAC): scope = the whole account.
resource identityDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-10-15' = {
  parent: account
  name: guid(account.id, identityPrincipalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: identityPrincipalId
    scope: account.id
  }
}

resource developerDataContributor 'Microsoft.DocumentDB/databaseAccounts/sqlRoleAssignments@2025-10-15' = if (!empty(principalId)) {
  parent: account
  name: guid(account.id, principalId, dataContributorRoleId)
  properties: {
    roleDefinitionId: '${account.id}/sqlRoleDefinitions/${dataContributorRoleId}'
    principalId: principalId
    scope: account.id
  }
}

output accountName string = account.name
output endpoint string = account.properties.documentEndpoint
output databaseName string = database.name
output containerNames array = [for c in containers: c.name]
