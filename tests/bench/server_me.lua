-- wrk script: GET /me for random signed shoppers.
-- BENCH_SHOPPERS: "<customer>\t<signature>" lines; BENCH_PATH: /api/v1/shops/<shop>/me;
-- BENCH_DELAY_MS (optional): pause per request per connection (a fixed offered load
-- instead of wrk's closed loop at saturation).
function init(args)
  customers, sigs = {}, {}
  for line in io.lines(os.getenv("BENCH_SHOPPERS")) do
    local tab = line:find("\t")
    customers[#customers + 1] = line:sub(1, tab - 1)
    sigs[#sigs + 1] = line:sub(tab + 1)
  end
  path = os.getenv("BENCH_PATH")
  pause = tonumber(os.getenv("BENCH_DELAY_MS") or "0")
  math.randomseed(os.time() + math.random(1000))
end

function request()
  local k = math.random(#customers)
  return wrk.format("GET", path, {["X-Loyalty-Customer"] = customers[k], ["X-Loyalty-Signature"] = sigs[k]})
end

if (tonumber(os.getenv("BENCH_DELAY_MS") or "0") > 0) then
  function delay()
    return pause
  end
end
