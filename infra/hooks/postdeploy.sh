#!/usr/bin/env bash
# azd postdeploy hook: subscribes the blob trigger to the storage account's Event Grid system topic.
#
# On Flex Consumption, IngestionFunction's blob trigger (Source = EventGrid) is invoked by Event Grid
# at https://{app}/runtime/webhooks/blobs?functionName=Host.Functions.{function}&code={blobs_extension
# system key}. That key exists only once the deployed app's host has started with the blob extension,
# so the subscription cannot be made in Bicep: this hook reads the key and creates (or updates, with
# the current key) the subscription, filtered to BlobCreated events in the uploads container.
# Creating it runs Event Grid's validation handshake against the app, which the blob extension answers.
#
# Needs: az (signed in: az login) with rights on the resource group. Not run in CI: it needs a real
# subscription and a deployed app.
set -euo pipefail
# shellcheck source=infra/hooks/common.sh
. "$(dirname "$0")/common.sh"

require_tools az
require_vars AZURE_RESOURCE_GROUP AZURE_FUNCTION_APP_NAME EVENTGRID_SYSTEM_TOPIC_NAME UPLOADS_CONTAINER_NAME INGEST_FUNCTION_NAME

rg="$AZURE_RESOURCE_GROUP"
app="$AZURE_FUNCTION_APP_NAME"
subscription_name="kmt-uploads-blob-created"

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

endpoint="https://${host}/runtime/webhooks/blobs?functionName=Host.Functions.${INGEST_FUNCTION_NAME}&code=${key}"
subject_prefix="/blobServices/default/containers/${UPLOADS_CONTAINER_NAME}/blobs/"

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
    echo "Event Grid subscription '$subscription_name' delivers BlobCreated in '${UPLOADS_CONTAINER_NAME}/' to ${INGEST_FUNCTION_NAME}."
    exit 0
  fi
  echo "Creating the Event Grid subscription failed (attempt $attempt/5); retrying in 20 s..."
  sleep 20
done
echo "error: could not create the Event Grid subscription '$subscription_name'" >&2
exit 1
