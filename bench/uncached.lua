-- SPDX-License-Identifier: MIT
-- wrk script for bench/uncached.sh: every request is the next URL of a
-- file (its path is the script's first argument), so that no two requests
-- of a run ask the same thing while the server's response cache could
-- still hold it. Each wrk thread takes every Nth line from its own offset.
-- At the end, one RESULT line as bench/report.lua prints it.
local threads = {}
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
	table.insert(threads, thread)
end

function init(args)
	urls = {}
	for line in io.lines(args[1]) do
		if line ~= "" then
			table.insert(urls, line)
		end
	end
	local nthreads = tonumber(args[2]) or 1
	step = nthreads
	pos = id
	if #urls == 0 then
		error("no URLs in " .. args[1])
	end
end

function request()
	local path = urls[((pos - 1) % #urls) + 1]
	pos = pos + step
	return wrk.format("GET", path)
end

done = function(summary, latency, requests)
	local s = summary.duration / 1e6
	local e = summary.errors
	io.write(string.format(
		"RESULT requests=%d seconds=%.3f rps=%.1f mean_ms=%.3f " ..
		"p50_ms=%.3f p99_ms=%.3f max_ms=%.3f non2xx=%d errors=%d\n",
		summary.requests, s, summary.requests / s,
		latency.mean / 1000, latency:percentile(50) / 1000,
		latency:percentile(99) / 1000, latency.max / 1000,
		e.status, e.connect + e.read + e.write + e.timeout))
end
