-- Scenario b: POST /api/v1/knowledge/search with random realistic queries
-- (single words, two words, quoted phrases, prefixes), {"query":"...","per_page":10}.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.auth()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local bodies

function init(args)
  bench.seed()
  bodies = bench.read_lines("search-bodies.txt")
end

function request()
  return wrk.format("POST", "/api/v1/knowledge/search", nil, bodies[math.random(#bodies)])
end
