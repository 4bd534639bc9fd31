-- wrk: POST a file of JSON lines (TRAPPE_BATCH, TRAPPE_BATCH_ROWS rows) to the batch endpoint.
local f = assert(io.open(os.getenv("TRAPPE_BATCH")))
wrk.method = "POST"
wrk.body = f:read("*a")
f:close()
wrk.headers["Content-Type"] = "application/x-ndjson"
local rows = tonumber(os.getenv("TRAPPE_BATCH_ROWS"))

done = function(summary, latency, requests)
  local seconds = summary.duration / 1e6
  io.write(string.format("RESULT batch requests/s=%.2f rows/s=%.0f p50_ms=%.1f non2xx=%d errors=%d\n",
    summary.requests / seconds, summary.requests * rows / seconds, latency:percentile(50) / 1000,
    summary.errors.status, summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
end
