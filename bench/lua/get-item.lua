-- Scenario a: GET /api/v1/knowledge/{id} for random ids of the loaded items.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.auth()

local ids

function init(args)
  bench.seed()
  ids = bench.read_lines("ids.txt")
end

function request()
  return wrk.format("GET", "/api/v1/knowledge/" .. ids[math.random(#ids)])
end
