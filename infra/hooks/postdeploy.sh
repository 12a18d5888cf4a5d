#!/usr/bin/env bash
# azd postdeploy hook: subscribes the blob triggers to the storage account's Event Grid system topic.
#
# On Flex Consumption, a blob trigger with Source = EventGrid (IngestionFunction, EmbeddingFunction) is invoked by Event Grid
# at https://{app}/runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={blobs_extension
# system key}. That key exists only once the deployed app's host has started with the blob extension,
# so the subscriptions cannot be made in Bicep: this hook reads the key and creates (or updates, with
# the current key) one subscription per function, filtered to BlobCreated events in its container:
# uploads -> Ingest_UploadedBlob, embedding-requests -> Embed_Item.
# Creating it runs Event Grid's validation handshake against the app, which the blob extension answers.
#
# Needs: az (signed in: az login) with rights on the resource group. Not run in CI: it needs a real
# subscription and a deployed app.
set -euo pipefail
# shellcheck source=infra/hooks/common.sh
. "$(dirname "$0")/common.sh"

require_tools az
require_vars AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC_NAME UPLOADS_CONTAINER_NAME INGEST_FUNCTION_NAME \
  EMBEDDING_REQUESTS_CONTAINER_NAME EMBED_FUNCTION_NAME EXPORT_REQUESTS_CONTAINER_NAME EXPORT_FUNCTION_NAME IMPORT_REQUESTS_CONTAINER_NAME IMPORT_FUNCTION_NAME

rg="$AZURE_RESOURCE_GROUP"
app="$AZURE_FUNCTION_APP_NAME"

host="${AZURE_FUNCTION_APP_HOSTNAME:-}"
if [ -z "$host" ]; then
  host=$(az functionapp show --name "$app" --resource-group "$rg" --query defaultHostName --output tsv)
fi

# The blobs_extension key appears after the host starts and indexes the Event Grid blob trigger:
# wake the app and poll for up to 5 minutes.
key=""
for attempt in $(seq 1 30); do
  curl --silent --output /dev/null --max-time 30 "https://${host}/api/health" 2>/dev/null || true
  key=$(az functionapp keys list --name "$app" --resource-group "$rg" \
    --query "systemKeys.blobs_extension" --output tsv 2>/dev/null || true)
  [ -n "$key" ] && break
  echo "Waiting for the blobs_extension system key of $app (attempt $attempt/30)..."
  sleep 10
done
if [ -z "$key" ]; then
  echo "error: $app has no blobs_extension system key: did the deployment succeed and does the app have a blob trigger with Source = EventGrid?" >&2
  exit 1
fi

# One subscription per blob-triggered function: the webhook names the function, and a subscription
# has one subject filter ("subject begins with" its container).
subscribe() {
  local subscription_name="$1" container="$2" function_name="$3"
  local endpoint="https://${host}/runtime/webhooks/blobs?functionName=Host.Functions.${function_name}&code=${key}"
  local subject_prefix="/blobServices/default/containers/${container}/blobs/"

  # The validation handshake can time out while a cold instance starts: retry a few times.
  for attempt in $(seq 1 5); do
    if az eventgrid system-topic event-subscription create \
        --name "$subscription_name" \
        --resource-group "$rg" \
        --system-topic-name "$EVENTGRID_SYSTEM_TOPIC_NAME" \
        --endpoint-type webhook \
        --endpoint "$endpoint" \
        --included-event-types Microsoft.Storage.BlobCreated \
        --subject-begins-with "$subject_prefix" \
        --event-delivery-schema EventGridSchema \
        --max-delivery-attempts 30 \
        --event-ttl 1440 \
        --output none; then
      echo "Event Grid subscription '$subscription_name' delivers BlobCreated in '${container}/' to ${function_name}."
      return 0
    fi
    echo "Creating the Event Grid subscription '$subscription_name' failed (attempt $attempt/5); retrying in 20 s..."
    sleep 20
  done
  echo "error: could not create the Event Grid subscription '$subscription_name'" >&2
  return 1
}

# Uploads -> ingestion (the item becomes searchable); embedding requests -> the second stage (its vectors).
subscribe "kmt-uploads-blob-created" "$UPLOADS_CONTAINER_NAME" "$INGEST_FUNCTION_NAME"
subscribe "kmt-embedding-requests-blob-created" "$EMBEDDING_REQUESTS_CONTAINER_NAME" "$EMBED_FUNCTION_NAME"
# Export requests -> the export job (the zip).
subscribe "kmt-export-requests-blob-created" "$EXPORT_REQUESTS_CONTAINER_NAME" "$EXPORT_FUNCTION_NAME"
# Imported files too large to import during the request -> the import job.
subscribe "kmt-import-requests-blob-created" "$IMPORT_REQUESTS_CONTAINER_NAME" "$IMPORT_FUNCTION_NAME"
