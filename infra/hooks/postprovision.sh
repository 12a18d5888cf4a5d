#!/usr/bin/env bash
# azd postprovision hook: makes sure Key Vault holds KMT's JWT signing key.
#
# Bicep cannot generate an RSA private key, so this creates one (RSA 3072, PEM) with openssl and
# stores it as the secret KMT_SIGNING_KEY_SECRET_NAME when, and only when, the secret is absent: an
# existing key is never replaced (that would sign out every user). The app reads it through the
# key source (Kmt__SigningKeys__Provider = KeyVault). The key only ever lives in a 0600 temporary file.
#
# Needs: az (signed in: az login) with Key Vault Secrets Officer on the vault (main.bicep grants it
# to principalId, i.e. whoever runs azd), openssl. Not run in CI: it needs a real subscription.
set -euo pipefail
# shellcheck source=infra/hooks/common.sh
. "$(dirname "$0")/common.sh"

if [ "${KMT_AUTH_MODE:-Local}" != "Local" ]; then
  echo "Kmt__Auth__Mode is ${KMT_AUTH_MODE}: no signing key needed."
  exit 0
fi

require_tools az openssl
require_vars AZURE_KEY_VAULT_NAME KMT_SIGNING_KEY_SECRET_NAME

vault="$AZURE_KEY_VAULT_NAME"
secret="$KMT_SIGNING_KEY_SECRET_NAME"

# A fresh role assignment takes a few minutes to reach Key Vault: retry "Forbidden" for up to 5 min.
state=""
for attempt in $(seq 1 20); do
  if out=$(az keyvault secret show --vault-name "$vault" --name "$secret" --query id --output tsv 2>&1); then
    state="present"
    break
  fi
  if grep -q "SecretNotFound\|was not found" <<<"$out"; then
    state="absent"
    break
  fi
  echo "Key Vault $vault not readable yet (attempt $attempt/20; role assignments propagate): $(head -n 1 <<<"$out")"
  sleep 15
done

case "$state" in
  present)
    echo "Signing key secret '$secret' already exists in $vault: kept."
    exit 0
    ;;
  absent) ;;
  *)
    echo "error: could not read Key Vault $vault after 5 minutes (does the signed-in user have Key Vault Secrets Officer?)" >&2
    exit 1
    ;;
esac

umask 077
keyfile="$(mktemp "${TMPDIR:-/tmp}/kmt-signing-key.XXXXXX")"
trap 'rm -f "$keyfile"' EXIT
openssl genrsa -out "$keyfile" 3072 2>/dev/null

for attempt in $(seq 1 20); do
  if out=$(az keyvault secret set --vault-name "$vault" --name "$secret" --file "$keyfile" \
      --content-type "application/x-pem-file" --output none 2>&1); then
    echo "Created signing key secret '$secret' in $vault (RSA 3072, PEM)."
    break
  fi
  if [ "$attempt" -eq 20 ]; then
    echo "error: could not write the secret: $out" >&2
    exit 1
  fi
  echo "Writing the secret failed (attempt $attempt/20; role assignments propagate): $(head -n 1 <<<"$out")"
  sleep 15
done

# The app reads the secret's versions itself every few minutes (docs/deployment.md, "Rotating the
# signing key"); an app that started before the secret existed has been answering sign-ins with an
# error and recovers at its next read, so no restart is needed.
