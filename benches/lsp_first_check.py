#!/usr/bin/env python3
"""Time from a language server's start to its first diagnostics (BENCHMARKS.md §7d).

    cargo build --release -p namefix-ls
    python3 benches/lsp_first_check.py [SERVER ...]   # default target/release/namefix-ls

Each run starts the server fresh, sends initialize and initialized, waits 0 or 100 ms (an
editor opens its document soon after the handshake), sends a didOpen of one line with a
garbled name (debounce 0) and waits for its publishDiagnostics. Ten runs per server and
wait, the servers alternated; prints the medians.
"""
import subprocess, json, time, sys, statistics, os, select
def msg(o):
    b=json.dumps(o).encode(); return b"Content-Length: %d\r\n\r\n"%len(b)+b
def read_msg(p):
    h=b""
    while not h.endswith(b"\r\n\r\n"):
        c=p.stdout.read(1)
        if not c: return None
        h+=c
    n=int([l for l in h.split(b"\r\n") if l.lower().startswith(b"content-length")][0].split(b":")[1])
    return json.loads(p.stdout.read(n))
def run(binary, gap):
    t0=time.perf_counter()
    p=subprocess.Popen([binary],stdin=subprocess.PIPE,stdout=subprocess.PIPE,stderr=subprocess.DEVNULL)
    p.stdin.write(msg({"jsonrpc":"2.0","id":1,"method":"initialize","params":{"processId":None,"rootUri":None,"capabilities":{},"initializationOptions":{"debounceMs":0}}})); p.stdin.flush()
    while True:
        m=read_msg(p)
        if m.get("id")==1: break
    p.stdin.write(msg({"jsonrpc":"2.0","method":"initialized","params":{}})); p.stdin.flush()
    time.sleep(gap)
    t1=time.perf_counter()
    p.stdin.write(msg({"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"file:///tmp/x.txt","languageId":"plaintext","version":1,"text":"Olivia Coleman starred in it.\n"}}})); p.stdin.flush()
    while True:
        m=read_msg(p)
        if m is None: break
        if m.get("method")=="textDocument/publishDiagnostics": break
    t2=time.perf_counter()
    p.stdin.write(msg({"jsonrpc":"2.0","id":2,"method":"shutdown"})); p.stdin.write(msg({"jsonrpc":"2.0","method":"exit"})); p.stdin.flush()
    p.wait()
    return (t2-t0)*1e3,(t2-t1)*1e3, len(m["params"]["diagnostics"]) if m else -1
bins=sys.argv[1:] or ["target/release/namefix-ls"]
for gap in [0.0, 0.1]:
    res={}
    for i in range(10):
        for k in bins:
            res.setdefault(k,[]).append(run(k,gap))
    for k,v in res.items():
        print(f"gap {gap*1e3:.0f} ms {k}: start->diagnostics median {statistics.median(x[0] for x in v):.1f} ms, didOpen->diagnostics median {statistics.median(x[1] for x in v):.1f} ms, diags {v[0][2]}")
