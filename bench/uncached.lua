-- SPDX-License-Identifier: MIT
-- wrk script for bench/uncached.sh: every request is the next URL of a
-- file (its path is the script's first argument), so that no two requests
-- of a run ask the same thing while the server's response cache could
-- still hold it. Each wrk thread takes every Nth line from its own offset
-- (N the second argument); a third argument, "Name: value", is a header
-- sent with every request.
-- At the end, bench/report.lua's RESULT line (run from the repository's
-- root, as bench/uncached.sh does).
dofile("bench/report.lua")
local counter = 0

function setup(thread)
	counter = counter + 1
	thread:set("id", counter)
end

function init(args)
	urls = {}
	for line in io.lines(args[1]) do
		if line ~= "" then
			table.insert(urls, line)
		end
	end
	local nthreads = tonumber(args[2]) or 1
	headers = {}
	if args[3] then
		local name, value = args[3]:match("^([^:]+):%s*(.*)$")
		if not name then
			error("not a header: " .. args[3])
		end
		headers[name] = value
	end
	step = nthreads
	pos = id
	if #urls == 0 then
		error("no URLs in " .. args[1])
	end
end

function request()
	local path = urls[((pos - 1) % #urls) + 1]
	pos = pos + step
	return wrk.format("GET", path, headers)
end
