#!/usr/bin/env python3
"""Holds hostile connections open against 127.0.0.1:PORT until killed or SECONDS pass:
IDLE that never send, TRICKLE that send one header line a second and never end their head.
Prints 'ready' once all are connected.  slow_clients.py PORT IDLE TRICKLE SECONDS"""
import socket
import sys
import time

port, idle, trickle, seconds = (int(a) for a in sys.argv[1:5])
socks, slow = [], []
for i in range(idle + trickle):
    try:
        s = socket.create_connection(("127.0.0.1", port), timeout=5)
    except OSError:
        continue
    socks.append(s)
    if i >= idle:
        s.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\n")
        slow.append(s)
print("ready", len(socks), flush=True)
end = time.monotonic() + seconds
n = 0
while time.monotonic() < end:
    time.sleep(1)
    n += 1
    for s in slow:
        try:
            s.sendall(b"X-Trickle-%d: 1\r\n" % n)
        except OSError:
            pass
