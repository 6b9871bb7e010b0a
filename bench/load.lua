-- wrk script of the load run (bench/load.sh). One connection per thread, so that each thread
-- owns one reviewer, one review and its version: an autosave never races another one.
-- Arguments: <credentials file> <"autosave" | "bare"> [pause in ms before each request]
-- [first credentials line, so that each autosave run has reviewers whose versions it knows]
-- [path: in "page" mode, the page each connection fetches with its session].
-- With a pause, each connection is one reviewer typing without stop: the editor autosaves
-- 500 ms after the last keystroke (hx-trigger "input delay:500ms"), one save at a time.
-- Each credentials line: review_id version sessionid csrftoken criterion_field

local counter = 0

function setup(thread)
  counter = counter + 1
  thread:set("index", counter)
end

function init(args)
  mode = args[2]
  pause = tonumber(args[3] or "0")
  local first = tonumber(args[4] or "1")
  page = args[5]
  local i = 0
  for line in io.lines(args[1]) do
    i = i + 1
    if i == index + first - 1 then
      review, version, session, csrf, field = line:match("(%d+) (%d+) (%S+) (%S+) (%S+)")
    end
  end
  if not review then
    error("no credentials for thread " .. index)
  end
  version = tonumber(version)
  level = 0
  wrk.headers["Cookie"] = "sessionid=" .. session .. "; csrftoken=" .. csrf
end

function request()
  if mode == "bare" then
    return wrk.format("GET", "/load/bare/")
  elseif mode == "page" then
    return wrk.format("GET", page)
  end
  level = level % 5 + 1
  local body = "csrfmiddlewaretoken=" .. csrf .. "&version=" .. version .. "&" .. field .. "=" .. level
  return wrk.format("POST", "/reviews/" .. review .. "/autosave/", {
    ["Content-Type"] = "application/x-www-form-urlencoded",
    ["Cookie"] = wrk.headers["Cookie"],
  }, body)
end

function delay()
  return pause
end

function response(status, headers, body)
  if mode == "autosave" then
    local saved = body:match('name="version" id="version" value="(%d+)"')
    if saved then
      version = tonumber(saved)
    end
  end
end

function done(summary, latency, requests)
  local seconds = summary.duration / 1e6
  local failed = summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout
  io.write(string.format("RESULT %s %.1f %.1f %d %d\n", mode, summary.requests / seconds,
    latency:percentile(95) / 1000, summary.requests, failed))
end
