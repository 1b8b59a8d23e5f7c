-- Client-credentials grants as a partner system sends them: client_secret_basic, one scope.
-- CLIENT_BASIC is base64("id:secret") (`printf '%s' id:secret | base64`); the default is the demo realm's partner-erp.
local basic = os.getenv("CLIENT_BASIC") or "cGFydG5lci1lcnA6cGFydG5lci1lcnAtZGV2LXNlY3JldA=="

wrk.method = "POST"
wrk.body = "grant_type=client_credentials&scope=products%3Aread"
wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
wrk.headers["Authorization"] = "Basic " .. basic

-- The driver's JSON summary (benchmarks/Protocol/summary.lua, found beside this script).
done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")
