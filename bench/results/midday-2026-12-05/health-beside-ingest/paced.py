import http.client, sys, time
host, port, rate, secs = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), float(sys.argv[4])
c = http.client.HTTPConnection(host, port); lat = []
start = time.perf_counter(); i = 0
while True:
    due = start + i / rate
    now = time.perf_counter()
    if now - start > secs: break
    if due > now: time.sleep(due - now)
    t0 = time.perf_counter()
    c.request("GET", "/health"); r = c.getresponse(); r.read()
    lat.append(time.perf_counter() - t0); i += 1
lat.sort(); n = len(lat)
print(f"GET /health paced at {rate:.0f}/s: {n} requests, p50 {lat[n//2]*1e3:.3f} ms, p90 {lat[n*9//10]*1e3:.3f} ms, p99 {lat[n*99//100]*1e3:.3f} ms, max {lat[-1]*1e3:.1f} ms (from send, not from due time)")
