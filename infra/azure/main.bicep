// AiScheduler on Azure (the `azure` profile): App Service (Linux, .NET 10) for the host, Azure Database for
// PostgreSQL flexible server, a Storage account with the blob container and the lead-imports queues, Communication
// Services, and an Event Grid subscription from ACS to /api/eventgrid. Secrets are parameters (@secure) or generated
// by Azure; none is kept in the repository. Not compiled here (the bicep CLI is not installed on the build machine).

targetScope = 'resourceGroup'

@description('Short name used as a prefix for every resource (lowercase letters and digits).')
@minLength(3)
@maxLength(12)
param name string

param location string = resourceGroup().location

@description('PostgreSQL administrator login.')
param postgresAdmin string = 'aischeduler'

@secure()
@description('PostgreSQL administrator password.')
param postgresPassword string

@secure()
@description('Signs per-call callback URLs: 32+ random characters.')
param callbackSecret string

@secure()
@description('Event Grid delivery key (16+ random characters); the subscription URL ends in ?code=<this key>.')
param eventGridKey string

@description('The ACS phone number calls come from (E.164). Buy it in the portal after the first deployment.')
param callerId string = ''

@description('Azure OpenAI v1 endpoint, e.g. https://<resource>.openai.azure.com/openai/v1/ (empty: rule-based agent).')
param openAiBaseUrl string = ''

@secure()
param openAiKey string = ''

param openAiModel string = 'gpt-4o-mini'

@secure()
@description('SendGrid API key (empty: invites go to the outbox folder).')
param sendGridApiKey string = ''

param emailFrom string = ''

@description('Set to false for the first deployment, before the app code (and its /api/eventgrid) is running: Event Grid validates the endpoint when the subscription is created.')
param createEventSubscription bool = true

var suffix = uniqueString(resourceGroup().id, name)
var storageName = toLower(take('${name}${suffix}', 24))
var appName = '${name}-${suffix}'
var useModel = !empty(openAiBaseUrl)
var useSendGrid = !empty(sendGridApiKey)

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageName
  location: location
  sku: { name: 'Standard_LRS' }
  kind: 'StorageV2'
  properties: {
    minimumTlsVersion: 'TLS1_2'
    allowBlobPublicAccess: false
    supportsHttpsTrafficOnly: true
  }
}

resource blobService 'Microsoft.Storage/storageAccounts/blobServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource container 'Microsoft.Storage/storageAccounts/blobServices/containers@2023-05-01' = {
  parent: blobService
  name: 'aischeduler'
  properties: { publicAccess: 'None' }
}

resource queueService 'Microsoft.Storage/storageAccounts/queueServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource leadImports 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'lead-imports'
}

resource leadImportsPoison 'Microsoft.Storage/storageAccounts/queueServices/queues@2023-05-01' = {
  parent: queueService
  name: 'lead-imports-poison'
}

resource postgres 'Microsoft.DBforPostgreSQL/flexibleServers@2023-12-01-preview' = {
  name: '${name}-pg-${suffix}'
  location: location
  sku: { name: 'Standard_B1ms', tier: 'Burstable' }
  properties: {
    version: '16'
    administratorLogin: postgresAdmin
    administratorLoginPassword: postgresPassword
    storage: { storageSizeGB: 32 }
    backup: { backupRetentionDays: 7, geoRedundantBackup: 'Disabled' }
    highAvailability: { mode: 'Disabled' }
  }
}

resource database 'Microsoft.DBforPostgreSQL/flexibleServers/databases@2023-12-01-preview' = {
  parent: postgres
  name: 'aischeduler'
  properties: { charset: 'UTF8', collation: 'en_US.utf8' }
}

// Azure services (the App Service) may connect; tighten to the app's outbound addresses or a VNet in production.
resource postgresAzureAccess 'Microsoft.DBforPostgreSQL/flexibleServers/firewallRules@2023-12-01-preview' = {
  parent: postgres
  name: 'AllowAzureServices'
  properties: { startIpAddress: '0.0.0.0', endIpAddress: '0.0.0.0' }
}

resource acs 'Microsoft.Communication/communicationServices@2023-04-01' = {
  name: '${name}-acs-${suffix}'
  location: 'global'
  properties: { dataLocation: 'United States' }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: '${name}-plan'
  location: location
  sku: { name: 'B1', tier: 'Basic' }
  kind: 'linux'
  properties: { reserved: true }
}

resource app 'Microsoft.Web/sites@2023-12-01' = {
  name: appName
  location: location
  kind: 'app,linux'
  identity: { type: 'SystemAssigned' }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    siteConfig: {
      linuxFxVersion: 'DOTNETCORE|10.0'
      alwaysOn: true
      webSocketsEnabled: true
      healthCheckPath: '/healthz'
      appCommandLine: 'dotnet AiScheduler.Functions.dll --urls http://0.0.0.0:8080'
      appSettings: [
        { name: 'AISCHEDULER_PROFILE', value: 'azure' }
        { name: 'WEBSITES_PORT', value: '8080' }
        { name: 'Store__ConnectionString', value: 'Host=${postgres.properties.fullyQualifiedDomainName};Database=aischeduler;Username=${postgresAdmin};Password=${postgresPassword};Ssl Mode=Require' }
        // The managed identity reads and writes blobs and queues (roles below); no account key in the settings.
        { name: 'Storage__ConnectionString', value: 'AccountName=${storage.name}' }
        { name: 'Telephony__Acs__ConnectionString', value: acs.listKeys().primaryConnectionString }
        { name: 'Telephony__Acs__CallerId', value: callerId }
        { name: 'Telephony__CallbackBaseUri', value: 'https://${appName}.azurewebsites.net/' }
        { name: 'Telephony__CallbackSecret', value: callbackSecret }
        { name: 'Telephony__CallbackJwt__Required', value: 'true' }
        { name: 'Telephony__CallbackJwt__Audience', value: acs.properties.immutableResourceId }
        { name: 'EventGrid__Key', value: eventGridKey }
        { name: 'Llm__Provider', value: useModel ? 'azure-openai' : 'rules' }
        { name: 'Llm__BaseUrl', value: openAiBaseUrl }
        { name: 'Llm__ApiKey', value: openAiKey }
        { name: 'Llm__Model', value: openAiModel }
        { name: 'Email__Provider', value: useSendGrid ? 'sendgrid' : 'outbox' }
        { name: 'Email__SendGrid__ApiKey', value: sendGridApiKey }
        { name: 'Email__FromAddress', value: emailFrom }
      ]
    }
  }
}

// Storage Blob Data Contributor and Storage Queue Data Contributor for the app's managed identity.
var blobContributor = 'ba92f5b4-2d11-453d-a403-e96b0029c9fe'
var queueContributor = '974c5e8b-45b9-4653-ba55-5f855dd0fb88'

resource blobRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, blobContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', blobContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

resource queueRole 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  scope: storage
  name: guid(storage.id, app.id, queueContributor)
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', queueContributor)
    principalId: app.identity.principalId
    principalType: 'ServicePrincipal'
  }
}

// ACS publishes IncomingCall and RecordingFileStatusUpdated to the app's Event Grid trigger.
resource acsTopic 'Microsoft.EventGrid/systemTopics@2023-12-15-preview' = {
  name: '${name}-acs-events'
  location: 'global'
  properties: {
    source: acs.id
    topicType: 'Microsoft.Communication.CommunicationServices'
  }
}

resource subscription 'Microsoft.EventGrid/systemTopics/eventSubscriptions@2023-12-15-preview' = if (createEventSubscription) {
  parent: acsTopic
  name: 'aischeduler-calls'
  properties: {
    eventDeliverySchema: 'EventGridSchema'
    destination: {
      endpointType: 'WebHook'
      properties: {
        endpointUrl: 'https://${app.properties.defaultHostName}/api/eventgrid?code=${eventGridKey}'
        maxEventsPerBatch: 1
      }
    }
    filter: {
      includedEventTypes: [
        'Microsoft.Communication.IncomingCall'
        'Microsoft.Communication.RecordingFileStatusUpdated'
      ]
    }
    retryPolicy: { maxDeliveryAttempts: 30, eventTimeToLiveInMinutes: 1440 }
  }
}

output appUrl string = 'https://${app.properties.defaultHostName}/'
output appName string = app.name
output acsName string = acs.name
output storageAccount string = storage.name
output postgresHost string = postgres.properties.fullyQualifiedDomainName
