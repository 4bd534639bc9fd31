-- wrk: POST one profile (the first worked example) to the evaluate endpoint.
local f = assert(io.open(os.getenv("TRAPPE_PROFILE") or "examples/profiles/worked-examples.jsonl"))
local profile = f:read("*l")
f:close()
wrk.method = "POST"
wrk.body = profile
wrk.headers["Content-Type"] = "application/json"

local failed = 0
response = function(status, headers, body)
  if status ~= 200 then failed = failed + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("non-2xx: %d\n", summary.status and 0 or 0))
  for _, p in ipairs({50, 90, 99, 99.9}) do
    io.write(string.format("latency p%g: %.3f ms\n", p, latency:percentile(p) / 1000))
  end
end
