#!/usr/bin/env bash
# Deploys AiScheduler to Azure with the `azure` profile: infrastructure from main.bicep, then the published host.
#   infra/azure/deploy.sh <resource-group> <name> [location]
# Secrets come from the environment (never from the repository): POSTGRES_PASSWORD, CALLBACK_SECRET, EVENT_GRID_KEY,
# optionally ACS_CALLER_ID, OPENAI_BASE_URL, OPENAI_KEY, SENDGRID_API_KEY, EMAIL_FROM. Missing CALLBACK_SECRET or
# EVENT_GRID_KEY are generated and printed once. Needs the Azure CLI (az) signed in, with its bicep extension.
set -euo pipefail

RG="${1:?usage: deploy.sh <resource-group> <name> [location]}"
NAME="${2:?usage: deploy.sh <resource-group> <name> [location]}"
LOCATION="${3:-eastus}"
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"

: "${POSTGRES_PASSWORD:?set POSTGRES_PASSWORD (the PostgreSQL administrator password)}"
if [[ -z "${CALLBACK_SECRET:-}" ]]; then CALLBACK_SECRET="$(head -c 36 /dev/urandom | base64 -w0 | tr '+/' '-_')"; echo "generated CALLBACK_SECRET=$CALLBACK_SECRET (keep it)"; fi
if [[ -z "${EVENT_GRID_KEY:-}" ]]; then EVENT_GRID_KEY="$(head -c 24 /dev/urandom | base64 -w0 | tr '+/=' '-_x')"; echo "generated EVENT_GRID_KEY=$EVENT_GRID_KEY (keep it)"; fi

az group create --name "$RG" --location "$LOCATION" --output none

deploy() { # createEventSubscription
  az deployment group create --resource-group "$RG" --template-file "$ROOT/infra/azure/main.bicep" \
    --parameters name="$NAME" postgresPassword="$POSTGRES_PASSWORD" callbackSecret="$CALLBACK_SECRET" \
      eventGridKey="$EVENT_GRID_KEY" callerId="${ACS_CALLER_ID:-}" openAiBaseUrl="${OPENAI_BASE_URL:-}" \
      openAiKey="${OPENAI_KEY:-}" sendGridApiKey="${SENDGRID_API_KEY:-}" emailFrom="${EMAIL_FROM:-}" \
      createEventSubscription="$1" \
    --query properties.outputs --output json
}

# 1. Infrastructure without the Event Grid subscription (its validation handshake needs the running app).
OUTPUTS="$(deploy false)"
APP="$(echo "$OUTPUTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["appName"]["value"])')"

# 2. The host, published and zip-deployed; it migrates the database on start.
PUBLISH="$(mktemp -d)"
dotnet publish "$ROOT/src/Functions" -c Release -o "$PUBLISH/app"
(cd "$PUBLISH/app" && zip -qr "$PUBLISH/app.zip" .)
az webapp deploy --resource-group "$RG" --name "$APP" --src-path "$PUBLISH/app.zip" --type zip --output none
rm -rf "$PUBLISH"

# 3. The Event Grid subscription: Event Grid now validates /api/eventgrid (SubscriptionValidationEvent).
deploy true >/dev/null
echo "deployed: https://$APP.azurewebsites.net/ (health: /healthz)"
