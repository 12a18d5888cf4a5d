// Azure Web PubSub for real-time messages (docs/api.md, "Real-time"), serverless: the app sends over
// the data-plane REST API with its managed identity (Web PubSub Service Owner; access keys disabled)
// and hands clients tokens from generateToken. No upstream event handler: clients only listen.

param name string
param location string
param tags object = {}

@allowed(['Free_F1', 'Standard_S1'])
param sku string = 'Standard_S1'

@description('Principal id of the app\'s managed identity.')
param identityPrincipalId string

var webPubSubServiceOwner = '12cf5a90-567b-43ae-8102-96cf46c7d9b4'

resource webPubSub 'Microsoft.SignalRService/webPubSub@2024-03-01' = {
  name: name
  location: location
  tags: tags
  sku: { name: sku, capacity: 1 }
  properties: {
    disableLocalAuth: true
    publicNetworkAccess: 'Enabled'
  }
}

resource hub 'Microsoft.SignalRService/webPubSub/hubs@2024-03-01' = {
  parent: webPubSub
  name: 'kmt'
  properties: {
    anonymousConnectPolicy: 'deny'
    eventHandlers: []
  }
}

resource identityOwner 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(webPubSub.id, identityPrincipalId, webPubSubServiceOwner)
  scope: webPubSub
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', webPubSubServiceOwner)
    principalId: identityPrincipalId
    principalType: 'ServicePrincipal'
  }
}

output name string = webPubSub.name
output endpoint string = 'https://${webPubSub.properties.hostName}'
output hub string = hub.name
