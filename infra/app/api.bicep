// The Function App on Flex Consumption, running as the user-assigned identity.
param name string
param planName string
param location string
param tags object
param identityId string
param identityClientId string
param storageAccountName string
param deploymentContainerName string
param appInsightsConnectionString string
param keyVaultUri string
param publicBaseUrl string
@allowed([ 'Mailbox', 'SendGrid', 'Notify' ])
param emailProvider string
param emailFromAddress string
param notifyTemplateId string
@allowed([ 'Ics', 'Graph' ])
param calendarProvider string
param calendarUser string
@description('Durable Functions\' task hub: its queues, tables and containers in the storage account.')
param taskHubName string
@description('Client id of the Entra ID app registration for staff sign-in; empty: no App Service authentication.')
param authClientId string
@description('The Entra ID tenant staff sign in with.')
param authTenantId string

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' existing = {
  name: storageAccountName
}

resource plan 'Microsoft.Web/serverfarms@2024-04-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'functionapp'
  sku: { tier: 'FlexConsumption', name: 'FC1' }
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2024-04-01' = {
  name: name
  location: location
  tags: tags
  kind: 'functionapp,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: { '${identityId}': {} }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    // Key Vault references resolve as the user-assigned identity (which holds Key Vault Secrets
    // User); without this the platform would use a system-assigned identity the app does not have.
    keyVaultReferenceIdentity: identityId
    functionAppConfig: {
      deployment: {
        storage: {
          type: 'blobContainer'
          value: '${storage.properties.primaryEndpoints.blob}${deploymentContainerName}'
          authentication: { type: 'UserAssignedIdentity', userAssignedIdentityResourceId: identityId }
        }
      }
      // Durable Functions keeps every timer and event in the task hub's queues, and the platform
      // starts an instance when one is due, so no instance needs to stay up between them.
      scaleAndConcurrency: {
        maximumInstanceCount: 40
        instanceMemoryMB: 2048
      }
      runtime: { name: 'dotnet-isolated', version: '10.0' }
    }
    siteConfig: {
      minTlsVersion: '1.2'
      ftpsState: 'Disabled'
    }
  }

  resource settings 'config' = {
    name: 'appsettings'
    properties: union({
      AzureWebJobsStorage__accountName: storage.name
      AzureWebJobsStorage__credential: 'managedidentity'
      AzureWebJobsStorage__clientId: identityClientId
      APPLICATIONINSIGHTS_CONNECTION_STRING: appInsightsConnectionString
      APPLICATIONINSIGHTS_AUTHENTICATION_STRING: 'ClientId=${identityClientId};Authorization=AAD'
      AZURE_CLIENT_ID: identityClientId
      // The dashboard is the site's root: the host's own welcome page must not answer there.
      AzureWebJobsDisableHomepage: 'true'
      // host.json's hubName is %CSP_TASK_HUB%: a binding expression finds only a plain setting name.
      CSP_TASK_HUB: taskHubName
      Csp__Storage__Mode: 'Table'
      Csp__PublicBaseUrl: empty(publicBaseUrl) ? 'https://${name}.azurewebsites.net' : publicBaseUrl
      Csp__Development__Enabled: 'false'
      Csp__ApiKeys: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/ApiKeys)'
      Csp__Email__Provider: emailProvider
      Csp__Email__FromAddress: emailFromAddress
      Csp__Calendar__Provider: calendarProvider
    }, emailProvider == 'SendGrid' ? {
      // Secrets live in Key Vault: put them there before switching the provider on.
      Csp__Email__SendGrid__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/SendGridApiKey)'
      Csp__Email__SendGrid__WebhookPublicKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/SendGridWebhookPublicKey)'
    } : {}, emailProvider == 'Notify' ? {
      Csp__Email__Notify__ApiKey: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/NotifyApiKey)'
      Csp__Email__Notify__CallbackBearerToken: '@Microsoft.KeyVault(SecretUri=${keyVaultUri}secrets/NotifyCallbackToken)'
      Csp__Email__Notify__Templates__Default: notifyTemplateId
    } : {}, calendarProvider == 'Graph' ? {
      // The app's user-assigned identity calls Graph (an admin grants it Calendars.ReadWrite on the business unit's mailbox).
      Csp__Calendar__Graph__CalendarUser: calendarUser
      Csp__Calendar__Graph__ClientId: identityClientId
    } : {})
  }

  // App Service authentication (Easy Auth) with Entra ID: it signs staff in and passes the
  // principal in X-MS-CLIENT-PRINCIPAL headers, and the platform sets WEBSITE_AUTH_ENABLED, which is
  // what the app checks before trusting them. Unauthenticated requests reach the app: links in
  // emails, the referral API (with its key) and /api/health need no sign-in, and the app sends
  // people to /.auth/login/aad from staff pages itself. No client secret: the sign-in uses the
  // OpenID Connect implicit flow for an ID token (the registration allows ID token issuance).
  resource auth 'config' = if (!empty(authClientId)) {
    name: 'authsettingsV2'
    properties: {
      platform: { enabled: true }
      globalValidation: {
        requireAuthentication: false
        unauthenticatedClientAction: 'AllowAnonymous'
      }
      httpSettings: { requireHttps: true }
      identityProviders: {
        azureActiveDirectory: {
          enabled: true
          registration: {
            clientId: authClientId
            openIdIssuer: '${environment().authentication.loginEndpoint}${authTenantId}/v2.0'
          }
          validation: {
            allowedAudiences: [ authClientId, 'api://${authClientId}' ]
          }
        }
      }
      login: {
        tokenStore: { enabled: false }
      }
    }
  }
}

output name string = app.name
output uri string = 'https://${app.properties.defaultHostName}'
