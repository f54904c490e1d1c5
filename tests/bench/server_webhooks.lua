-- wrk script: POST pre-signed generic order webhooks, each body once.
-- BENCH_BODIES: file of "<hex signature>\t<body>" lines; BENCH_PATH: /webhooks/generic/<shop>;
-- BENCH_THREADS: wrk's -t (each thread takes every n-th line).
local counter = 0
function setup(thread)
  thread:set("id", counter)
  counter = counter + 1
end

function init(args)
  sigs, bodies, i = {}, {}, 0
  local total, n = tonumber(os.getenv("BENCH_THREADS")), 0
  for line in io.lines(os.getenv("BENCH_BODIES")) do
    if n % total == id then
      local tab = line:find("\t")
      sigs[#sigs + 1] = line:sub(1, tab - 1)
      bodies[#bodies + 1] = line:sub(tab + 1)
    end
    n = n + 1
  end
  path = os.getenv("BENCH_PATH")
end

function request()
  i = i + 1
  if i > #bodies then i = 1 end  -- past the end: replays (cheap duplicates); size the file to avoid it
  return wrk.format("POST", path, {["Content-Type"] = "application/json", ["X-Loyalty-Signature"] = sigs[i]}, bodies[i])
end
