#!/usr/bin/env bash
# Builds the web client (web/) into web/dist, which the DevHost serves at /. Run after changing web/.
set -euo pipefail
cd "$(dirname "$0")/../web"
npm ci --no-audit --no-fund --loglevel=error
npm run build
