-- Scenario d: GET /ceiling on the bare ASP.NET Core server (no auth, no storage).
dofile(os.getenv("BENCH_LUA_DIR") .. "/common.lua")
wrk.path = "/ceiling"
