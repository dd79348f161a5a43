#!/usr/bin/python3
"""run.py - time casectl against plain git on the store bench.sh made.

usage: run.py CASECTL STORE IDS_FILE RESULTS_MD

Every figure is the median of BENCH_RUNS runs (default 5) unless the
table says otherwise; peak memory is /usr/bin/time's maximum resident
set size.  Environment: BENCH_GEN_SECONDS (the generation time, for the
table), BENCH_SYNC_ROWS (rows bench/sync.sh wrote: what, seconds, note,
tab-separated), BENCH_CASES, BENCH_COMMITS, BENCH_IMPORT (cases to import,
default 10000), BENCH_IMPORT_RUNS (with --batch, default 3),
BENCH_IMPORT_SINGLE_RUNS (one commit per case, default 1: minutes each).
"""
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

RUNS = int(os.environ.get("BENCH_RUNS", "5"))
MEM_LIMIT_KB = 64 * 1024


def sh(cmd, cwd, env=None, check=True, out=subprocess.DEVNULL):
    return subprocess.run(cmd, cwd=cwd, env=env, check=check, stdout=out,
                          stderr=subprocess.PIPE, shell=isinstance(cmd, str))


def timed(cmd, cwd, env=None, runs=RUNS, before=None):
    """Median wall seconds of CMD over RUNS runs (BEFORE(i) runs untimed first)."""
    ts = []
    for i in range(runs):
        if before:
            before(i)
        t = time.perf_counter()
        r = sh(cmd, cwd, env, check=False)
        ts.append(time.perf_counter() - t)
        if r.returncode:
            sys.exit("bench: %r failed (%d): %s" % (cmd, r.returncode, r.stderr.decode()[-500:]))
    return statistics.median(ts)


def peak_kb(cmd, cwd, env=None):
    fd, path = tempfile.mkstemp()
    os.close(fd)
    sh(["/usr/bin/time", "-f", "%M", "-o", path] + cmd, cwd, env)
    with open(path) as f:
        kb = int(f.read().split()[-1])
    os.unlink(path)
    return kb


def du(path, skip=()):
    """Bytes in the files below PATH (their apparent sizes; folders are
    not counted: a new loose-object fan-out folder costs an inode once,
    not per commit), leaving out files named in SKIP."""
    total = 0
    for top, _dirs, files in os.walk(path):
        for f in files:
            if f not in skip:
                total += os.lstat(os.path.join(top, f)).st_size
    return total


def loose(store):
    out = sh(["git", "count-objects", "-v"], store, out=subprocess.PIPE).stdout.decode()
    kv = dict(line.split(": ") for line in out.splitlines())
    return int(kv["count"]), int(kv["size"]) * 1024


def machine():
    cpu = "unknown"
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    with open("/proc/meminfo") as f:
        mem = int(f.readline().split()[1]) // 1024
    git = subprocess.run(["git", "--version"], stdout=subprocess.PIPE).stdout.decode().strip()
    return "%s, nproc %d, %d MiB memory, %s, %s" % (cpu, os.cpu_count(), mem,
                                                   platform.platform(), git)


def ms(s):
    return "%.1f ms" % (s * 1000) if s < 10 else "%.1f s" % s


def main():
    bin_, store, ids_file, results = sys.argv[1:5]
    env = dict(os.environ, CASECTL_NOW="2026-11-23")
    with open(ids_file) as f:
        ids = f.read().split()
    rows = []          # (what, casectl, git, note)

    def row(what, c, g="", note=""):
        rows.append((what, c, g, note))
        print("%-52s %14s %14s  %s" % (what, c, g, note), flush=True)

    case = ids[len(ids) // 2]
    other = ids[len(ids) // 3]
    cdir = "cases/%s/%s/%s" % (case[2], case[3], case)
    odir = "cases/%s/%s/%s" % (other[2], other[3], other)
    ncommits = int(sh(["git", "rev-list", "--count", "HEAD"], store,
                      out=subprocess.PIPE).stdout)
    nfiles = int(sh("git ls-files | wc -l", store, out=subprocess.PIPE).stdout)
    gen = os.environ.get("BENCH_GEN_SECONDS")
    if gen:
        row("generate store (fast-import and checkout)", ms(float(gen)), "",
            "goal < 5 min")

    # casectl check over the whole store: the generated records are valid.
    t = time.perf_counter()
    r = sh([bin_, "check"], store, env, check=False)
    row("casectl check (whole store, once)", ms(time.perf_counter() - t), "",
        "passes" if r.returncode == 0 else "FAILS: " + r.stderr.decode()[:200])

    # History: the first log builds the index; then warm runs.
    t = time.perf_counter()
    sh([bin_, "log", case], store, env)
    row("casectl log ID, first (builds the history index)", ms(time.perf_counter() - t))
    c = timed([bin_, "log", case], store, env)
    g = timed(["git", "log", "--", cdir], store, env)
    row("casectl log ID vs git log -- DIR (commit-graph+Bloom)", ms(c), ms(g))
    c = timed([bin_, "log", case], store, dict(env, CASECTL_HISTORY_INDEX="0"),
              runs=max(1, RUNS // 2))
    row("casectl log ID without the index (full walk)", ms(c), "")

    # Mutations.
    journal = sh(["sh", "-c", "ls %s/journal/*.md | head -1" % odir], store,
                 out=subprocess.PIPE).stdout.decode().strip()
    monitor = [bin_, "monitor", case, "--kind", "phone", "--with", "client",
               "--minutes", "20", "-m", "Bench contact."]
    c = timed(monitor, store, env)

    def git_commit_cmd(i):
        f = "%s/journal/2026-11-23-b%03d.md" % (odir, i)
        return ("cp %s %s && git add %s && git commit -q -m 'monitor %s: phone contact, "
                "20 minutes' -m 'Case: %s' -m 'Action: monitor'" %
                (journal, f, f, other, other))
    counter = iter(range(1000))
    gtimes = []
    for _ in range(RUNS):
        i = next(counter)
        t = time.perf_counter()
        sh(git_commit_cmd(i), store, env)
        gtimes.append(time.perf_counter() - t)
    row("casectl monitor ID vs cp + git add + git commit", ms(c), ms(statistics.median(gtimes)),
        "casectl flushes every write (fsync); git does not")
    # The same without flushing, as git's default (git config core.fsync none).
    sh(["git", "config", "core.fsync", "none"], store, env)
    c = timed(monitor, store, env)
    sh(["git", "config", "--unset", "core.fsync"], store, env)
    row("casectl monitor ID, core.fsync=none, vs the same git", ms(c),
        ms(statistics.median(gtimes)), "neither flushes; goal <= 1/3 of git")

    # Bytes one mutating command adds to .git: the objects, and every
    # file of .git but the index (rewritten in place of the old one, not
    # added; its size is shown) - that includes the reflog and casectl's
    # history index.  File sizes, not du's folder blocks (see du()).
    # Median over RUNS commits of each kind.
    gd = os.path.join(store, ".git")
    od = os.path.join(gd, "objects")
    grow = {"c": [], "g": []}
    for _ in range(RUNS):
        for who, cmd in (("c", monitor), ("g", git_commit_cmd(next(counter)))):
            b0, o0, (n0, _s0) = du(gd, ("index",)), du(od), loose(store)
            sh(cmd, store, env)
            b1, o1, (n1, _s1) = du(gd, ("index",)), du(od), loose(store)
            grow[who].append((o1 - o0, b1 - b0, n1 - n0))
    med = {k: [statistics.median(x[i] for x in v) for i in range(3)] for k, v in grow.items()}
    row("bytes one commit adds to .git/objects", "%d B" % med["c"][0], "%d B" % med["g"][0],
        "loose objects: +%d vs +%d; goal <= 16 KiB" % (med["c"][2], med["g"][2]))
    row("bytes one commit adds to .git (all files but the index)", "%d B" % med["c"][1],
        "%d B" % med["g"][1],
        "index file %d B, rewritten" % os.path.getsize(os.path.join(gd, "index")))

    # The whole caseload.
    # (printf is a shell builtin: no limit on the number of files)
    catcmd = "printf '%s\\0' cases/*/*/*/case.md | xargs -0 cat >/dev/null"
    g = timed(catcmd, store, env)
    slow = max(1, min(RUNS, 3))
    for name, cmd in (("list", [bin_, "list"]), ("due", [bin_, "due"])):
        c = timed(cmd, store, env, runs=RUNS if name == "list" else slow)
        kb = peak_kb(cmd, store, env)
        row("casectl %s vs cat of every case.md" % name, ms(c), ms(g),
            "peak %.1f MiB (%s 64 MiB)" % (kb / 1024, "<" if kb < MEM_LIMIT_KB else "NOT <"))
    kb = peak_kb([bin_, "log", case], store, env)
    row("casectl log ID peak memory", "%.1f MiB" % (kb / 1024), "")
    # 'report --help' opens the man page, which may not be installed: try
    # the command itself.
    if sh([bin_, "report"], store, env, check=False).returncode == 0:
        c = timed([bin_, "report"], store, env, runs=max(1, RUNS // 2))
        kb = peak_kb([bin_, "report"], store, env)
        row("casectl report (whole store)", ms(c), "", "peak %.1f MiB" % (kb / 1024))
    else:
        row("casectl report (whole store)", "n/a", "", "not available in this build")

    # Import into fresh stores.
    n_imp = int(os.environ.get("BENCH_IMPORT", "10000"))
    imp_runs = int(os.environ.get("BENCH_IMPORT_RUNS", "3"))
    imp_runs_single = int(os.environ.get("BENCH_IMPORT_SINGLE_RUNS", "1"))
    tmp = tempfile.mkdtemp(prefix="casectl-import.")
    jl = os.path.join(tmp, "cases.jsonl")
    with open(jl, "w") as f:
        for i in range(n_imp):
            f.write(json.dumps({
                "client": {"name": "Client %05d" % i},
                "referral": {"source": "bulk import", "date": "2026-01-%02d" % (i % 28 + 1)},
                "opened": "2026-02-%02d" % (i % 28 + 1),
                "ref": "OLD/%05d" % i,
                "body": "## Why case management\n\nImported record %d.\n" % i}) + "\n")
    for batch in (True, False):
        ts = []
        runs = imp_runs if batch else imp_runs_single
        for k in range(runs):
            st = os.path.join(tmp, "s%d%d" % (batch, k))
            sh([bin_, "init", st], tmp, env)
            cmd = [bin_, "-C", st, "import", jl] + (["--batch"] if batch else [])
            t = time.perf_counter()
            r = sh(cmd, tmp, env, check=False)
            ts.append(time.perf_counter() - t)
            if r.returncode:
                sys.exit("bench: import failed: " + r.stderr.decode()[-300:])
            shutil.rmtree(st)
        row("casectl import %d cases%s" % (n_imp, " --batch" if batch else ""),
            ms(statistics.median(ts)), "", "median of %d" % runs)
    shutil.rmtree(tmp)

    # casectl sync, measured by bench/sync.sh on a store of its own.
    sync_rows = os.environ.get("BENCH_SYNC_ROWS")
    if sync_rows and os.path.exists(sync_rows):
        with open(sync_rows) as f:
            for line in f:
                what, secs, note = line.rstrip("\n").split("\t")
                row(what, ms(float(secs)), "", note)

    with open(results, "w") as f:
        f.write("# casectl benchmark\n\n")
        f.write("Machine: %s\n\n" % machine())
        f.write("Store: %d cases, %d commits, %d files (BENCH_CASES=%s, BENCH_COMMITS=%s, "
                "seed %s); median of %d runs unless noted.\n\n" %
                (len(ids), ncommits, nfiles, os.environ.get("BENCH_CASES", "10000"),
                 os.environ.get("BENCH_COMMITS", "100000"),
                 os.environ.get("BENCH_SEED", "42"), RUNS))
        f.write("| what | casectl | git | note |\n|---|---:|---:|---|\n")
        for r_ in rows:
            f.write("| %s | %s | %s | %s |\n" % r_)
    print("\nwritten to %s" % results)


if __name__ == "__main__":
    main()
