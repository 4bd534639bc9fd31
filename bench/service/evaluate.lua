-- wrk: POST one profile (the first worked example) to the evaluate endpoint over keep-alive.
local f = assert(io.open(os.getenv("TRAPPE_PROFILE") or "examples/profiles/worked-examples.jsonl"))
wrk.method = "POST"
wrk.body = f:read("*l")
f:close()
wrk.headers["Content-Type"] = "application/json"

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT evaluate requests/s=%.0f p50_ms=%.3f p99_ms=%.3f non2xx=%d errors=%d\n",
    summary.requests / seconds, latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
