-- wrk script for src/bench/send-throughput.sh: POST /api/whatsapp/session/s{i}/send, rotating over the
-- ready sessions s0..s{N-1} and over recipients. The API key comes in with -H "X-API-Key: ...".
--   wrk -t2 -c16 -d15s --latency -H "X-API-Key: $KEY" -s send.lua http://127.0.0.1:18080 -- SESSIONS
-- Besides wrk's own report it prints one machine-readable line (wrk-report.lua):
--   WRK requests/s p50_ms p99_ms max_ms requests non_200 socket_errors

local report = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "wrk-report.lua")
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   report.track(thread)
end

local sessions = 8
local counter = 0

function init(args)
   sessions = tonumber(args[1]) or 8
   counter = id * 100000000
   wrk.headers["Content-Type"] = "application/json"
end

function request()
   counter = counter + 1
   local body = string.format('{"to":"91%d","message":"Your OTP is %06d"}', 7000000000 + counter,
      100000 + counter % 900000)
   return wrk.format("POST", "/api/whatsapp/session/s" .. (counter % sessions) .. "/send", nil, body)
end

function response(status, headers, body)
   report.count(status, 200, body)
end

function done(summary, latency, requests)
   report.done(summary, latency, "first non-200 response")
end
