#!/usr/bin/env bash
# Shared helpers of the bench scripts (sourced, not run). The caller sets WORK (a scratch folder).

log() { printf '[bench %s] %s\n' "$(date +%H:%M:%S)" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# Stop a process we started: SIGTERM, up to 10 s, then SIGKILL.
stop_pid() {
  local pid="$1" name="$2"
  [[ -n "$pid" ]] || return 0
  kill -0 "$pid" 2>/dev/null || return 0
  kill "$pid" 2>/dev/null || true
  for _ in $(seq 1 100); do
    kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }
    sleep 0.1
  done
  log "$name (pid $pid) did not stop within 10 s: SIGKILL"
  kill -9 "$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

free_port() {
  python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1]); s.close()'
}

# Poll URL until it answers 200 (up to $2 seconds); fail early if process $3 died.
wait_for_200() {
  local url="$1" seconds="$2" pid="${3:-}" logfile="${4:-}"
  local deadline=$((SECONDS + seconds)) code=""
  while ((SECONDS < deadline)); do
    if [[ -n "$pid" ]] && ! kill -0 "$pid" 2>/dev/null; then
      [[ -n "$logfile" ]] && tail -n 40 "$logfile" >&2
      die "process $pid exited before $url answered"
    fi
    code="$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)"
    if [[ "$code" == "200" ]]; then
      return 0
    fi
    sleep 0.5
  done
  [[ -n "$logfile" ]] && tail -n 40 "$logfile" >&2
  die "$url did not answer 200 within ${seconds} s (last answer: HTTP ${code:-none})"
}

# dotnet build, retried: other engineers may be building the same projects concurrently.
build() {
  local project="$1" attempt
  for attempt in 1 2 3 4; do
    if dotnet build "$project" -c Release -nologo -v quiet >"$WORK/build.log" 2>&1; then
      return 0
    fi
    if grep -qiE 'being used by another process|cannot access the file|lock|MSB3026|MSB3027|MSB3021' "$WORK/build.log"; then
      log "build of $project hit a file lock (attempt $attempt): retrying in 5 s"
      sleep 5
      continue
    fi
    grep -E 'error' "$WORK/build.log" | sort -u | head -n 30 >&2 || true
    die "build of $project failed (log: $WORK/build.log)"
  done
  die "build of $project kept failing on file locks (log: $WORK/build.log)"
}

# Sets API to the API under test: BENCH_API_URL when given, else a DevHost started from
# BENCH_DEVHOST_DLL on a free loopback port with a fresh data folder under WORK and the limits
# lifted (sets DEVHOST_PID). Extra NAME=VALUE arguments are exported to the DevHost only.
start_devhost() {
  if [[ -n "${BENCH_API_URL:-}" ]]; then
    API="${BENCH_API_URL%/}"
    log "using the API already running at $API"
    wait_for_200 "$API/api/health" "$BENCH_STARTUP_TIMEOUT"
    return 0
  fi

  local port
  port="$(free_port)"
  API="http://127.0.0.1:$port"
  [[ -f "$BENCH_DEVHOST_DLL" ]] || die "$BENCH_DEVHOST_DLL not found (build skipped?)"
  mkdir -p "$WORK/data"
  log "starting the DevHost on $API (data: $WORK/data${*:+; $*})"
  (
    cd "$(dirname "$BENCH_DEVHOST_DLL")"
    export Kmt__Embedded__DataDirectory="$WORK/data"
    export Kmt__RateLimits__Enabled=false
    export Kmt__Auth__PasswordIterations=100000
    export Kmt__Auth__AccessTokenLifetime=02:00:00
    export Logging__LogLevel__Default=Warning
    export DOTNET_CLI_TELEMETRY_OPTOUT=1
    local setting
    for setting in "$@"; do
      export "${setting?}"
    done
    exec dotnet "$BENCH_DEVHOST_DLL" --urls "$API"
  ) >"$WORK/devhost.log" 2>&1 &
  DEVHOST_PID=$!
  wait_for_200 "$API/api/health" "$BENCH_STARTUP_TIMEOUT" "$DEVHOST_PID" "$WORK/devhost.log"
  log "DevHost is up (pid $DEVHOST_PID)"
}
