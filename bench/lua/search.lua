-- Scenario b: POST /api/v1/knowledge/search with random realistic queries
-- (single words, two words, quoted phrases, prefixes), {"query":"...","per_page":10}.
-- BENCH_SEARCH_DISTINCT=1: instead, three random words from those queries per request (about 200,000
-- combinations), so almost every query is new to the server's query-embedding cache.
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
bench.auth()
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"

local bodies
local words
local distinct = os.getenv("BENCH_SEARCH_DISTINCT") == "1"

function init(args)
  bench.seed()
  bodies = bench.read_lines("search-bodies.txt")
  if distinct then
    local seen = {}
    words = {}
    for _, body in ipairs(bodies) do
      local query = body:match('"query":"(.-)"[,}]') or ""
      for word in query:gmatch("%a+") do
        if #word > 2 and word ~= "OR" and not seen[word] then
          seen[word] = true
          words[#words + 1] = word
        end
      end
    end
  end
end

function request()
  if distinct then
    local query = words[math.random(#words)] .. " " .. words[math.random(#words)] .. " " .. words[math.random(#words)]
    return wrk.format("POST", "/api/v1/knowledge/search", nil, '{"query":"' .. query .. '","per_page":10}')
  end
  return wrk.format("POST", "/api/v1/knowledge/search", nil, bodies[math.random(#bodies)])
end
