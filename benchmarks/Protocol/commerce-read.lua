-- CommerceApi's product list, with the bearer token in ACCESS_TOKEN, or anonymously when it is unset.
local token = os.getenv("ACCESS_TOKEN")

wrk.method = "GET"
wrk.path = "/api/products"
if token and token ~= "" then
  wrk.headers["Authorization"] = "Bearer " .. token
end

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")
