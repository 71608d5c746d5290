// Secrets the app settings refer to (@Microsoft.KeyVault(...)), read by the app's user-assigned identity.
param name string
param location string
param tags object

resource vault 'Microsoft.KeyVault/vaults@2023-07-01' = {
  name: name
  location: location
  tags: tags
  properties: {
    tenantId: tenant().tenantId
    sku: { family: 'A', name: 'standard' }
    enableRbacAuthorization: true
    // Soft delete cannot be turned off; a deleted vault keeps its name for the retention period.
    // Purge protection stays off so that `azd down --purge` can purge it and the next `azd up`
    // can create the same name again (see the README, "Deploying to Azure").
    enableSoftDelete: true
    softDeleteRetentionInDays: 7
  }
}

output name string = vault.name
output uri string = vault.properties.vaultUri
