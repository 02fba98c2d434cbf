-- wrk script for src/bench/send-throughput.sh: POST /api/whatsapp/session/s{i}/send, rotating over the
-- ready sessions s0..s{N-1} and over recipients. The API key comes in with -H "X-API-Key: ...".
--   wrk -t2 -c16 -d15s --latency -H "X-API-Key: $KEY" -s send.lua http://127.0.0.1:18080 -- SESSIONS
-- Besides wrk's own report it prints one machine-readable line:
--   WRK requests/s p50_ms p99_ms max_ms requests non_200 socket_errors

local threads = {}
local next_id = 0

function setup(thread)
   thread:set("id", next_id)
   next_id = next_id + 1
   table.insert(threads, thread)
end

local sessions = 8
local counter = 0
ok = 0
bad = 0
bad_sample = ""

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
   if status == 200 then
      ok = ok + 1
   else
      bad = bad + 1
      if bad_sample == "" then
         bad_sample = status .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

function done(summary, latency, requests)
   local bad_total = 0
   for _, t in ipairs(threads) do
      bad_total = bad_total + t:get("bad")
      local sample = t:get("bad_sample")
      if sample ~= nil and sample ~= "" then
         io.write("first non-200 response: " .. sample .. "\n")
      end
   end
   local e = summary.errors
   io.write(string.format("WRK %.1f %.2f %.2f %.2f %d %d %d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests, bad_total, e.connect + e.read + e.write + e.timeout))
end
