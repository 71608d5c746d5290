// Child safeguarding practice review pipeline: Function App (Flex Consumption) with managed identity,
// storage (Durable Functions' task hub, tables, blobs, deployment package), Key Vault for secrets (API keys), monitoring,
// and App Service authentication (Entra ID) in front of the staff pages.
targetScope = 'subscription'

@minLength(1)
@maxLength(64)
@description('Name of the azd environment; used to name resources.')
param environmentName string

@minLength(1)
@description('Primary location for all resources (UK South keeps child data in the UK).')
param location string = 'uksouth'

@description('Public base URL of the app, used in links in emails. Defaults to the Function App URL.')
param publicBaseUrl string = ''

@description('Object id of the deploying principal (azd sets AZURE_PRINCIPAL_ID): Key Vault Secrets Officer, so it can set the secrets, and data access for debugging against Azure.')
param principalId string = ''

@allowed([ 'User', 'ServicePrincipal', 'Group' ])
@description('What the deploying principal is: User (a person running azd) or ServicePrincipal (a pipeline).')
param principalType string = 'User'

@description('Client (application) id of the Entra ID app registration staff sign in through (the preprovision hook creates it: infra/scripts/entra-app.sh). Empty: no App Service authentication, and staff pages answer 503.')
param authClientId string = ''

@description('The Entra ID tenant staff sign in with; the deployment\'s tenant by default.')
param authTenantId string = tenant().tenantId

@allowed([ 'Mailbox', 'SendGrid', 'Notify' ])
@description('Email service: Mailbox (nothing leaves the app), SendGrid or Notify (GOV.UK Notify). Put the provider\'s secrets in Key Vault first.')
param emailProvider string = 'Mailbox'

@description('The sending address (a SendGrid verified sender); empty: the business unit\'s address.')
param emailFromAddress string = ''

@description('GOV.UK Notify template for every email (subject ((subject)), body ((body))); Notify only.')
param notifyTemplateId string = ''

@allowed([ 'Ics', 'Graph' ])
@description('Calendar: Ics (emailed invitations) or Graph (the business unit\'s Microsoft 365 calendar).')
param calendarProvider string = 'Ics'

@description('The business unit\'s mailbox whose calendar holds Rapid Review meetings (Graph only).')
param calendarUser string = ''

@minLength(3)
@maxLength(45)
@description('Durable Functions\' task hub (letters and digits). A storage account that held incidents of the embedded engine needs a name other than that hub\'s (csp): both use {hub}Instances.')
param taskHubName string = 'cspfunctions'

var abbrs = {
  resourceGroup: 'rg-'
  functionApp: 'func-'
  appServicePlan: 'plan-'
  storage: 'st'
  keyVault: 'kv-'
  logAnalytics: 'log-'
  appInsights: 'appi-'
  identity: 'id-'
}
var resourceToken = toLower(uniqueString(subscription().id, environmentName, location))
var tags = { 'azd-env-name': environmentName }
var functionAppName = '${abbrs.functionApp}api-${resourceToken}'
var deploymentContainerName = 'app-package-${take(functionAppName, 32)}-${take(resourceToken, 7)}'

resource rg 'Microsoft.Resources/resourceGroups@2024-03-01' = {
  name: '${abbrs.resourceGroup}${environmentName}'
  location: location
  tags: tags
}

module identity 'app/identity.bicep' = {
  name: 'identity'
  scope: rg
  params: {
    name: '${abbrs.identity}api-${resourceToken}'
    location: location
    tags: tags
  }
}

module monitoring 'app/monitoring.bicep' = {
  name: 'monitoring'
  scope: rg
  params: {
    logAnalyticsName: '${abbrs.logAnalytics}${resourceToken}'
    appInsightsName: '${abbrs.appInsights}${resourceToken}'
    location: location
    tags: tags
  }
}

module storage 'app/storage.bicep' = {
  name: 'storage'
  scope: rg
  params: {
    name: '${abbrs.storage}${resourceToken}'
    location: location
    tags: tags
    containers: [ deploymentContainerName ]
  }
}

module keyVault 'app/keyvault.bicep' = {
  name: 'keyvault'
  scope: rg
  params: {
    name: '${abbrs.keyVault}${resourceToken}'
    location: location
    tags: tags
  }
}

module api 'app/api.bicep' = {
  name: 'api'
  scope: rg
  params: {
    name: functionAppName
    planName: '${abbrs.appServicePlan}${resourceToken}'
    location: location
    tags: union(tags, { 'azd-service-name': 'api' })
    identityId: identity.outputs.id
    identityClientId: identity.outputs.clientId
    storageAccountName: storage.outputs.name
    deploymentContainerName: deploymentContainerName
    appInsightsConnectionString: monitoring.outputs.connectionString
    keyVaultUri: keyVault.outputs.uri
    publicBaseUrl: publicBaseUrl
    emailProvider: emailProvider
    emailFromAddress: emailFromAddress
    notifyTemplateId: notifyTemplateId
    calendarProvider: calendarProvider
    calendarUser: calendarUser
    taskHubName: taskHubName
    authClientId: authClientId
    authTenantId: authTenantId
  }
}

module rbac 'app/rbac.bicep' = {
  name: 'rbac'
  scope: rg
  params: {
    storageAccountName: storage.outputs.name
    keyVaultName: keyVault.outputs.name
    appInsightsName: monitoring.outputs.appInsightsName
    identityPrincipalId: identity.outputs.principalId
    userPrincipalId: principalId
    userPrincipalType: principalType
  }
}

output AZURE_LOCATION string = location
output AZURE_TENANT_ID string = tenant().tenantId
output AZURE_RESOURCE_GROUP string = rg.name
output AZURE_FUNCTION_APP_NAME string = api.outputs.name
output AZURE_FUNCTION_URI string = api.outputs.uri
output AZURE_STORAGE_ACCOUNT_NAME string = storage.outputs.name
output AZURE_KEY_VAULT_NAME string = keyVault.outputs.name
output AZURE_AUTH_TENANT_ID string = authTenantId
