-- SPDX-License-Identifier: MIT
-- wrk script for bench/run.sh: at the end of a run, one line of figures
-- for the script to parse. Latencies are in microseconds in wrk; printed
-- in milliseconds. non2xx counts responses with a status >= 400 (wrk's
-- errors.status), errors the connect, read, write and timeout failures;
-- bytes is the mean size of an answer, headers included.
done = function(summary, latency, requests)
	local s = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d seconds=%.3f rps=%.1f mean_ms=%.3f " ..
		"p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d " ..
		"bytes=%.0f\n",
		summary.requests, s, summary.requests / s,
		latency.mean / 1000, latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000,
		e.status, e.connect + e.read + e.write + e.timeout,
		summary.requests > 0 and summary.bytes / summary.requests or 0))
end
