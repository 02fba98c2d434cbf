-- What request.lua and send.lua share: counting answers that are not the expected status (and keeping
-- the first one) in every wrk thread, and, when wrk is done, the one machine-readable line:
--   WRK requests/s p50_ms p99_ms max_ms requests unexpected_status socket_errors
-- Loaded with dofile by the path of the script that uses it, so wrk may run from any directory.

local report = {}
local threads = {}

-- Globals, so that done() can read them from each thread with thread:get.
ok = 0
bad = 0
bad_sample = ""

-- Call from setup(thread).
function report.track(thread)
   table.insert(threads, thread)
end

-- Call from response(status, headers, body).
function report.count(status, expected, body)
   if status == expected then
      ok = ok + 1
   else
      bad = bad + 1
      if bad_sample == "" then
         bad_sample = status .. " " .. string.sub(body or "", 1, 300)
      end
   end
end

-- Call from done(summary, latency, requests); label introduces the first unexpected answer.
function report.done(summary, latency, label)
   local bad_total = 0
   for _, t in ipairs(threads) do
      bad_total = bad_total + t:get("bad")
      local sample = t:get("bad_sample")
      if sample ~= nil and sample ~= "" then
         io.write(label .. ": " .. sample .. "\n")
      end
   end
   local e = summary.errors
   io.write(string.format("WRK %.1f %.2f %.2f %.2f %d %d %d\n",
      summary.requests / (summary.duration / 1e6),
      latency:percentile(50) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
      summary.requests, bad_total, e.connect + e.read + e.write + e.timeout))
end

return report
