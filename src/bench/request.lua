-- wrk script for benchmarks that repeat one request: the method, path, expected status and (optional)
-- form body come as arguments; headers with -H.
--   wrk ... -s request.lua URL -- METHOD PATH EXPECTED_STATUS [BODY]
-- Besides wrk's own report it prints one machine-readable line (wrk-report.lua):
--   WRK requests/s p50_ms p99_ms max_ms requests unexpected_status socket_errors

local report = dofile((debug.getinfo(1, "S").source:match("^@(.*[/\\])") or "") .. "wrk-report.lua")

function setup(thread)
   report.track(thread)
end

local method, path, expected, body = "GET", "/", 200, nil

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
   report.count(status, expected, response_body)
end

function done(summary, latency, requests)
   report.done(summary, latency, "first unexpected response")
end
