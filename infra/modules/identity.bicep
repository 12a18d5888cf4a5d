// The user-assigned managed identity the function app runs as. Every data-plane grant (Storage,
// Cosmos DB, Key Vault, Azure AI Language, Application Insights) goes to this identity, so the app
// holds no keys and the grants exist before the app does.

@description('Name of the user-assigned managed identity.')
param name string

param location string
param tags object = {}

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2024-11-30' = {
  name: name
  location: location
  tags: tags
}

output id string = identity.id
output name string = identity.name
output clientId string = identity.properties.clientId
output principalId string = identity.properties.principalId
