local threads = {}
local n = 0
function setup(thread) thread:set("tid", n); n = n + 1 end
function init(args)
  local f = io.open(os.getenv("TEMPLATE")); template = f:read("*a"); f:close()
  cred = os.getenv("CRED"); counter = 0
end
function request()
  counter = counter + 1
  local body = string.format(template, string.format("W%d-%d-%d", tid, os.time(), counter))
  return wrk.format("POST", "/apip/tickets", {["Content-Type"] = "application/json", ["Authorization"] = "X-API-Key " .. cred}, body)
end
function response(status, headers, body)
  if status ~= 200 then errors = (errors or 0) + 1; if (errors or 0) < 3 then io.stderr:write(status .. " " .. body .. "\n") end end
end
