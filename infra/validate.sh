#!/usr/bin/env bash
# Validates the Bicep templates offline: `bicep build` (type-checks every resource against the
# bicep CLI's Azure type definitions) and `bicep lint` (infra/bicepconfig.json's rules).
# The bicep CLI comes from the NuGet package Azure.Bicep.CommandLine.linux-x64 (version pinned in
# Directory.Packages.props), restored by the restore-only project infra/tools/BicepTool.csproj.
#
# Fails (exit 1) on any error, and on type-check warnings that mean a template Azure would reject or
# that bicep could not check: BCP035 (missing required property), BCP036 (wrong type), BCP037
# (unknown property), BCP053 (unknown member), BCP081 (no types for that API version). Other warnings
# (linter rules) are printed and do not fail. Nothing here talks to Azure.
set -uo pipefail
cd "$(dirname "$0")/.." || exit 1

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

project=infra/tools/BicepTool.csproj
if ! dotnet restore "$project" --verbosity quiet; then
  echo "infra/validate.sh: dotnet restore of $project failed" >&2
  exit 1
fi

packages_root=$(dotnet msbuild "$project" -getProperty:NuGetPackageRoot 2>/dev/null | tail -n 1)
packages_root=${packages_root:-${NUGET_PACKAGES:-$HOME/.nuget/packages/}}
version=$(grep -o '"Azure.Bicep.CommandLine.linux-x64/[^"]*"' infra/tools/obj/project.assets.json | head -n 1 \
  | sed 's|.*/\([^"]*\)"|\1|')
bicep="${packages_root%/}/azure.bicep.commandline.linux-x64/${version}/tools/bicep"
if [ -z "$version" ] || [ ! -f "$bicep" ]; then
  echo "infra/validate.sh: bicep binary not found (looked for '$bicep')" >&2
  exit 1
fi
chmod +x "$bicep"
echo "Using $("$bicep" --version) ($bicep)"

failed=0
type_checks='BCP035|BCP036|BCP037|BCP053|BCP081'

# Build: main.bicep compiles every module it references.
build_log=$(mktemp)
trap 'rm -f "$build_log"' EXIT
if ! "$bicep" build infra/main.bicep --stdout >/dev/null 2>"$build_log"; then
  failed=1
fi
cat "$build_log"
if grep -Eq ": Error |Warning ($type_checks)" "$build_log"; then
  failed=1
fi
[ "$failed" -eq 0 ] && echo "bicep build infra/main.bicep: OK"

# Lint each file (the linter reports on the file it is given).
for file in infra/main.bicep infra/modules/*.bicep; do
  lint_log=$("$bicep" lint "$file" 2>&1)
  status=$?
  [ -n "$lint_log" ] && echo "$lint_log"
  if [ "$status" -ne 0 ] || grep -Eq ": Error |Warning ($type_checks)" <<<"$lint_log"; then
    echo "bicep lint $file: FAILED" >&2
    failed=1
  fi
done
[ "$failed" -eq 0 ] && echo "bicep lint infra/main.bicep infra/modules/*.bicep: OK"

# main.parameters.json (read by azd) may only name parameters main.bicep declares.
if command -v python3 >/dev/null 2>&1; then
  if ! "$bicep" build infra/main.bicep --stdout 2>/dev/null | python3 -c '
import json, sys
template = json.load(sys.stdin)
declared = set(template.get("parameters", {}))
given = set(json.load(open("infra/main.parameters.json"))["parameters"])
unknown = sorted(given - declared)
if unknown:
    print("infra/main.parameters.json names parameters main.bicep does not declare: " + ", ".join(unknown), file=sys.stderr)
    sys.exit(1)
'; then
    failed=1
  else
    echo "infra/main.parameters.json: OK"
  fi
fi

# The azd hooks, when shellcheck is installed (optional).
if command -v shellcheck >/dev/null 2>&1; then
  if ! shellcheck -x infra/hooks/*.sh infra/validate.sh; then
    failed=1
  else
    echo "shellcheck infra/hooks/*.sh: OK"
  fi
fi

if [ "$failed" -ne 0 ]; then
  echo "infra/validate.sh: FAILED" >&2
  exit 1
fi
echo "infra/validate.sh: OK (0 errors)"
