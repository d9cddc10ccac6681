-- bench/serve_paths.lua -- wrk script for bench/serve: request the paths
-- listed in a file, each wrk thread walking its own share of them in order,
-- so that every URL is requested once before any is requested again (the
-- server's response cache then misses, until the list wraps).
--
--   wrk -s bench/serve_paths.lua URL -- FILE [PREFIX] [THREADS]
--
-- FILE    one request per line: a path (/api/v1/stories/12), or, with
--         PREFIX, a value that is URL-encoded and appended to PREFIX
--         (PREFIX=/api/v1/stories/ and story ids, PREFIX=/api/v1/search?q=
--         and words);
-- THREADS wrk's -t (thread k takes lines k, k + THREADS, k + 2 THREADS, ...).
--
-- At the end it prints "serve_paths: R requests, P distinct paths" and
-- whether the list wrapped (then the later requests repeat URLs).

local threads = {}
local next_tid = 0

function setup(thread)
   thread:set("tid", next_tid)
   next_tid = next_tid + 1
   table.insert(threads, thread)
end

local function encode(s)
   return (s:gsub("[^%w%-%._~]", function(c)
      return string.format("%%%02X", string.byte(c))
   end))
end

function init(args)
   local file, prefix = args[1], args[2] or ""
   step = tonumber(args[3] or "1") or 1
   if not file then
      io.stderr:write("serve_paths.lua: usage: wrk -s serve_paths.lua URL -- FILE [PREFIX] [THREADS]\n")
      os.exit(2)
   end
   paths = {}
   for line in io.lines(file) do
      if line ~= "" then
         if prefix ~= "" then line = prefix .. encode(line) end
         paths[#paths + 1] = line
      end
   end
   if #paths == 0 then
      io.stderr:write("serve_paths.lua: no paths in " .. file .. "\n")
      os.exit(2)
   end
   npaths = #paths
   pos = tid or 0
   sent = 0
end

function request()
   local p = paths[pos % npaths + 1]
   pos = pos + step
   sent = sent + 1
   return wrk.format("GET", p)
end

function done(summary, latency, requests)
   local total, n = 0, 0
   for _, t in ipairs(threads) do
      total = total + (t:get("sent") or 0)
      n = t:get("npaths") or n
   end
   io.write(string.format("serve_paths: %d requests, %d distinct paths%s\n", total, n,
      total > n and " (wrapped: the later requests repeat URLs)" or ""))
end
