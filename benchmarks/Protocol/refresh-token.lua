-- Refresh-token grants with rotation, each connection walking its own token family.
-- REFRESH_TOKENS names a file of refresh tokens, one a line (the driver signs in to get them); thread i of
-- WRK_THREADS takes every line whose index is i modulo that count. Each connection has one request in flight,
-- so a token taken from the pool comes back rotated before that family is used again: a reuse would revoke it.
local basic = os.getenv("CLIENT_BASIC") or "Y2hhbm5lbC13ZWI6Y2hhbm5lbC13ZWItZGV2LXNlY3JldA=="
local headers = {
  ["Content-Type"] = "application/x-www-form-urlencoded",
  ["Authorization"] = "Basic " .. basic,
}

wrk_threads = {}

function setup(thread)
  thread:set("id", #wrk_threads)
  table.insert(wrk_threads, thread)
end

local pool = {}
local first, last = 1, 0
lost = 0

function init(args)
  local threads = tonumber(os.getenv("WRK_THREADS") or "2")
  local index = 0
  for line in io.lines(os.getenv("REFRESH_TOKENS")) do
    if line ~= "" then
      if index % threads == id then
        last = last + 1
        pool[last] = line
      end
      index = index + 1
    end
  end
end

local function escape(value)
  return (value:gsub("[^%w%-%._~]", function(c) return string.format("%%%02X", string.byte(c)) end))
end

function request()
  local token = "pool-exhausted"
  if first <= last then
    token = pool[first]
    pool[first] = nil
    first = first + 1
  end
  return wrk.format("POST", "/connect/token", headers, "grant_type=refresh_token&refresh_token=" .. escape(token))
end

function response(status, response_headers, body)
  local rotated = status == 200 and body:match('"refresh_token"%s*:%s*"([^"]+)"')
  if rotated then
    last = last + 1
    pool[last] = rotated
  elseif status == 200 then
    -- A 200 without a new refresh token ends the family as surely as an error does.
    lost = lost + 1
  end
end

done = dofile((debug.getinfo(1, "S").source:match("^@(.*/)") or "./") .. "summary.lua")
