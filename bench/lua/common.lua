-- Shared helpers for the KMT wrk scenarios. Each scenario script loads this file with
--   dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
-- Inputs come from environment variables set by bench/run-http.sh:
--   BENCH_TOKEN     access token (Authorization: Bearer ...)
--   BENCH_DATA_DIR  directory with ids.txt, post-bodies.txt, search-bodies.txt (written by the loader)

bench = {}

function bench.read_lines(name)
  local path = os.getenv("BENCH_DATA_DIR") .. "/" .. name
  local f = io.open(path, "r")
  if not f then
    error("cannot open " .. path)
  end
  local lines = {}
  for line in f:lines() do
    if #line > 0 then
      lines[#lines + 1] = line
    end
  end
  f:close()
  if #lines == 0 then
    error(path .. " is empty")
  end
  return lines
end

function bench.auth()
  local token = os.getenv("BENCH_TOKEN")
  if token and #token > 0 then
    wrk.headers["Authorization"] = "Bearer " .. token
  end
end

-- Seed each thread's generator differently (wrk runs one Lua state per thread).
local seeded = false
function bench.seed()
  if not seeded then
    math.randomseed(os.time() + math.floor(os.clock() * 1e6) + tonumber(tostring({}):match("0x(%x+)") or "0", 16) % 100000)
    seeded = true
  end
end

-- One machine-readable line that run-http.sh parses, plus the human summary wrk prints anyway.
-- summary.errors.status counts responses with a status >= 400 (wrk's "Non-2xx or 3xx responses").
function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local e = summary.errors
  local socket_errors = e.connect + e.read + e.write + e.timeout
  io.write(string.format(
    "BENCH_RESULT requests=%d seconds=%.2f rps=%.1f p50_ms=%.3f p90_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d socket_errors=%d\n",
    summary.requests, seconds, summary.requests / seconds,
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000,
    latency.max / 1000, e.status, socket_errors))
end
