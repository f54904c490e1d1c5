-- wrk script: GET /me for random signed shoppers.
-- BENCH_SHOPPERS: "<customer>\t<signature>" lines; BENCH_PATH: /api/v1/shops/<shop>/me;
-- BENCH_DELAY_MS (optional): pause per request per connection (a fixed offered load
-- instead of wrk's closed loop at saturation).
-- BENCH_STAGGER (optional, with BENCH_DELAY_MS): connections per wrk thread. wrk pauses
-- before a connection's first request too, so with a fixed pause every connection
-- fires at the same instant and keeps roughly in step; the first pause of each of
-- these connections is instead random in [0, pause), spreading them over one period.
function init(args)
  customers, sigs = {}, {}
  for line in io.lines(os.getenv("BENCH_SHOPPERS")) do
    local tab = line:find("\t")
    customers[#customers + 1] = line:sub(1, tab - 1)
    sigs[#sigs + 1] = line:sub(tab + 1)
  end
  path = os.getenv("BENCH_PATH")
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  stagger = tonumber(os.getenv("BENCH_STAGGER") or "0")
  delays = 0
  math.randomseed(os.time() + math.random(1000))
end

function request()
  local k = math.random(#customers)
  return wrk.format("GET", path, {["X-Loyalty-Customer"] = customers[k], ["X-Loyalty-Signature"] = sigs[k]})
end

if (tonumber(os.getenv("BENCH_DELAY_MS") or "0") > 0) then
  function delay()
    delays = delays + 1
    if delays <= stagger then
      return math.random(0, pause - 1)
    end
    return pause
  end
end
