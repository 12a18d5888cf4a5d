-- Scenario c: POST /api/v1/knowledge creating new items (precomputed multi-paragraph bodies,
-- each with its own title). Every request adds an item: the store grows during the run.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.auth()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local bodies

function init(args)
  bench.seed()
  bodies = bench.read_lines("post-bodies.txt")
end

function request()
  return wrk.format("POST", "/api/v1/knowledge", nil, bodies[math.random(#bodies)])
end
