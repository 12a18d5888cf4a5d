// The web client (web/, static files after `npm run build`) on Azure Static Web Apps, Free plan. azd
// deploys web/dist to it (azure.yaml, service "web", found by its azd-service-name tag). The client
// calls the function app across origins (VITE_KMT_API_BASE at build time), so the function app and the
// uploads storage account allow this site's origin (CORS). Linking the function app as the site's /api
// backend would avoid that, but needs the Standard plan and does not list Flex Consumption apps.

param name string

@description('Static Web Apps run in a few regions only.')
@allowed(['westus2', 'centralus', 'eastus2', 'westeurope', 'eastasia'])
param location string

param tags object = {}

resource site 'Microsoft.Web/staticSites@2024-04-01' = {
  name: name
  location: location
  tags: union(tags, { 'azd-service-name': 'web' })
  sku: {
    name: 'Free'
    tier: 'Free'
  }
  properties: {
    // azd deploys with the site's deployment token; no repository is connected.
    allowConfigFileUpdates: true
    stagingEnvironmentPolicy: 'Disabled'
  }
}

output name string = site.name
output origin string = 'https://${site.properties.defaultHostname}'
