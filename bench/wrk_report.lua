-- wrk prints this one JSON line when a run is done; bench/load.py reads it.
done = function(summary, latency, requests)
  io.write(string.format(
    "BENCH_RESULT {\"requests\": %d, \"duration_us\": %d, \"status_errors\": %d, " ..
    "\"socket_errors\": %d, \"p50_us\": %d, \"p99_us\": %d}\n",
    summary.requests, summary.duration, summary.errors.status,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout,
    latency:percentile(50), latency:percentile(99)))
end
