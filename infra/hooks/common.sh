#!/usr/bin/env bash
# Shared by the azd hooks: checks the tools and the azd environment values they need.
# azd runs hooks with the environment's values (Bicep outputs of infra/main.bicep) as variables.

require_tools() {
  local missing=0 tool
  for tool in "$@"; do
    if ! command -v "$tool" >/dev/null 2>&1; then
      echo "error: '$tool' is not installed (needed by $(basename "$0"))" >&2
      missing=1
    fi
  done
  [ "$missing" -eq 0 ] || exit 1
  if [[ " $* " == *" az "* ]] && ! az account show --output none 2>/dev/null; then
    echo "error: the Azure CLI is not signed in: run 'az login' (azd auth login does not sign in az)" >&2
    exit 1
  fi
}

require_vars() {
  local missing=0 name
  for name in "$@"; do
    if [ -z "${!name:-}" ]; then
      echo "error: $name is not set: run this through azd (azd provision / azd deploy / azd up)," \
        "or load the values first: set -a; eval \"\$(azd env get-values)\"; set +a" >&2
      missing=1
    fi
  done
  [ "$missing" -eq 0 ] || exit 1
}
