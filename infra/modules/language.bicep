// Azure AI Language (Cognitive Services kind TextAnalytics), reached with Entra ID only
// (disableLocalAuth): the app's identity gets Cognitive Services User. Entra ID needs a custom
// subdomain, so the endpoint is https://{customSubDomainName}.cognitiveservices.azure.com/.

param name string
param location string
param tags object = {}

@allowed(['F0', 'S'])
param sku string = 'S'

@description('Principal id of the app\'s managed identity.')
param identityPrincipalId string

@description('Object id of the developer running azd (empty: no developer role).')
param principalId string = ''

@allowed(['User', 'ServicePrincipal', 'Group'])
param principalType string = 'User'

var cognitiveServicesUser = 'a97b65f3-24c7-4388-baec-2e87135dc908'

resource language 'Microsoft.CognitiveServices/accounts@2025-06-01' = {
  name: name
  location: location
  tags: tags
  kind: 'TextAnalytics'
  sku: { name: sku }
  properties: {
    customSubDomainName: name
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource identityUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(language.id, identityPrincipalId, cognitiveServicesUser)
  scope: language
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

resource developerUser 'Microsoft.Authorization/roleAssignments@2022-04-01' = if (!empty(principalId)) {
  name: guid(language.id, principalId, cognitiveServicesUser)
  scope: language
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', cognitiveServicesUser)
    principalId: principalId
    principalType: principalType
  }
}

output name string = language.name
output endpoint string = language.properties.endpoint
