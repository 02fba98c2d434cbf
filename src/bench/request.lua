-- wrk script for benchmarks that repeat one request: the method, path, expected status and (optional)
-- form body come as arguments; headers with -H.
--   wrk ... -s request.lua URL -- METHOD PATH EXPECTED_STATUS [BODY]
-- Besides wrk's own report it prints one machine-readable line:
--   WRK requests/s p50_ms p99_ms max_ms requests unexpected_status socket_errors

local threads = {}

function setup(thread)
   table.insert(threads, thread)
end

local method, path, expected, body = "GET", "/", 200, nil
ok = 0
bad = 0
bad_sample = ""

function init(args)
   method = args[1] or "GET"
   path = args[2] or "/"
   expected = tonumber(args[3]) or 200
   body = args[4]
   if body ~= nil then
      wrk.headers["Content-Type"] = "application/x-www-form-urlencoded"
   end
end

function request()
   return wrk.format(method, path, nil, body)
end

function response(status, headers, response_body)
   if status == expected then
      ok = ok + 1
   else
      bad = bad + 1
      if bad_sample == "" then
         bad_sample = status .. " " .. string.sub(response_body or "", 1, 300)
      end
   end
end

function done(summary, latency, requests)
   local bad_total = 0
   for _, t in ipairs(threads) do
      bad_total = bad_total + t:get("bad")
      local sample = t:get("bad_sample")
      if sample ~= nil and sample ~= "" then
         io.write("first unexpected response: " .. sample .. "\n")
      end
   end
   local e = summary.errors
   io.write(string.format("WRK %.1f %.2f %.2f %.2f %d %d %d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests, bad_total, e.connect + e.read + e.write + e.timeout))
end
