#!/usr/bin/env python3
# Issue 15 measurement: python3 transport-burst.py PORT SERVER_PID N [HOLD_SECONDS] (127.0.0.1 only).
"""A burst of N connections that send half a request line and wait, against 127.0.0.1:PORT (server pid PID):
the server's open files at the peak, then, after the attackers leave, how many of 50 ordinary requests are answered."""
import socket, sys, time, os
port=int(sys.argv[1]); pid=int(sys.argv[2]); n=int(sys.argv[3]); hold=float(sys.argv[4]) if len(sys.argv)>4 else 5
def fds():
    try: return len(os.listdir('/proc/%d/fd'%pid))
    except Exception: return -1
def probe(n=50, timeout=5):
    ok=0
    for i in range(n):
        try:
            s=socket.create_connection(('127.0.0.1',port),timeout=timeout); s.settimeout(timeout)
            s.sendall(b'GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
            d=s.recv(100); s.close()
            if d.startswith(b'HTTP/1.1 200'): ok+=1
        except Exception: pass
    return ok
print('before: fds=%d answered=%d/50'%(fds(),probe()))
socks=[]; failed=0
for i in range(n):
    try:
        s=socket.create_connection(('127.0.0.1',port),timeout=2); s.sendall(b'GET /api/us'); socks.append(s)
    except Exception: failed+=1
peak=0; t=time.time()
while time.time()-t<hold:
    peak=max(peak,fds()); time.sleep(0.5)
print('burst of %d: %d connected, %d failed to connect; server fds peak=%d; answered during burst=%d/10'%(n,len(socks),failed,peak,probe(10,2)))
for s in socks: s.close()
time.sleep(3)
print('after the burst: fds=%d answered=%d/50'%(fds(),probe()))
