#!/usr/bin/env bash
# Deploys AiScheduler to Azure with the `azure` profile: infrastructure from main.bicep, then the app.
#   infra/azure/deploy.sh <resource-group> <name> [location]
# HOSTING=functions (default) publishes src/Functions to a Flex Consumption Function App (Durable Functions);
# HOSTING=container runs the self-host image named by CONTAINER_IMAGE (built from src/Host/Dockerfile and pushed first).
# Secrets come from the environment (never from the repository): POSTGRES_PASSWORD, CALLBACK_SECRET, EVENT_GRID_KEY,
# optionally ACS_CALLER_ID, OPENAI_BASE_URL, OPENAI_KEY, SENDGRID_API_KEY, EMAIL_FROM. Missing CALLBACK_SECRET or
# EVENT_GRID_KEY are generated and printed once. Needs the Azure CLI (az) signed in, with its bicep extension.
set -euo pipefail

RG="${1:?usage: deploy.sh <resource-group> <name> [location]}"
NAME="${2:?usage: deploy.sh <resource-group> <name> [location]}"
LOCATION="${3:-eastus}"
HOSTING="${HOSTING:-functions}"
if [[ "$HOSTING" == container ]]; then : "${CONTAINER_IMAGE:?set CONTAINER_IMAGE (the src/Host image in your registry)}"; fi
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
      hosting="$HOSTING" containerImage="${CONTAINER_IMAGE:-}" createEventSubscription="$1" \
    --query properties.outputs --output json
}

# 1. Infrastructure without the Event Grid subscription (its validation handshake needs the running app).
OUTPUTS="$(deploy false)"
APP="$(echo "$OUTPUTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["appName"]["value"])')"

# 2. The app. Functions: published and zip-deployed (the Functions host indexes functions.metadata; the app migrates
#    the database on start). Container: App Service pulls CONTAINER_IMAGE itself.
if [[ "$HOSTING" == functions ]]; then
  PUBLISH="$(mktemp -d)"
  dotnet publish "$ROOT/src/Functions" -c Release -o "$PUBLISH/app"
  (cd "$PUBLISH/app" && zip -qr "$PUBLISH/app.zip" .)
  az functionapp deployment source config-zip --resource-group "$RG" --name "$APP" --src "$PUBLISH/app.zip" --output none
  rm -rf "$PUBLISH"
else
  az webapp restart --resource-group "$RG" --name "$APP" --output none
fi

# 3. The Event Grid subscription: Event Grid now validates /api/eventgrid (SubscriptionValidationEvent).
deploy true >/dev/null
URL="$(echo "$OUTPUTS" | python3 -c 'import json,sys; print(json.load(sys.stdin)["appUrl"]["value"])')"
echo "deployed ($HOSTING): $URL (health: ${URL}healthz)"
