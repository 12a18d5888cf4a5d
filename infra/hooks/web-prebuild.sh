#!/usr/bin/env bash
# azd service hook (azure.yaml, service "web", prebuild): the web client is hosted apart from the API
# (Static Web Apps), so its build must know the function app's URL. Vite reads web/.env.production.local
# at `npm run build`; AZURE_FUNCTION_APP_URI is main.bicep's output, which azd puts in the environment.
set -euo pipefail
web_dir="$(cd "$(dirname "${BASH_SOURCE[0]}")/../../web" && pwd)"
if [ -z "${AZURE_FUNCTION_APP_URI:-}" ]; then
  echo "AZURE_FUNCTION_APP_URI is not set: run azd provision first" >&2
  exit 1
fi
printf 'VITE_KMT_API_BASE=%s\n' "${AZURE_FUNCTION_APP_URI%/}" > "$web_dir/.env.production.local"
echo "web client will call the API at ${AZURE_FUNCTION_APP_URI%/}"
