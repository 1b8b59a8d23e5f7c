-- Shared done() for the driver's wrk scripts: one JSON line (the driver reads the last line starting with '{').
-- Latencies in milliseconds; non2xx is wrk's status-error count (answers >= 400; these endpoints send no 1xx/3xx);
-- "lost" is what a script's response() counted as broken without an error status (0 where it has none).
return function(summary, latency, requests)
  local lost = 0
  for _, thread in ipairs(wrk_threads or {}) do
    lost = lost + (tonumber(thread:get("lost")) or 0)
  end
  local errors = summary.errors
  io.write(string.format(
    '{"requests":%d,"seconds":%.3f,"requests_per_second":%.1f,"p50_ms":%.3f,"p99_ms":%.3f,' ..
    '"non2xx":%d,"socket_errors":%d,"lost":%d}\n',
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000,
    errors.status, errors.connect + errors.read + errors.write + errors.timeout, lost))
end
