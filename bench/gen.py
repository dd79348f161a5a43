#!/usr/bin/python3
"""gen.py - a synthetic case store in casectl's own format, for make bench.

usage: gen.py TEMPLATE_STORE TEMPLATE_ID CASES COMMITS SEED >stream

Writes a git fast-import stream to standard output that continues the
branch main of a store made by 'casectl init' with CASES cases and, with
that init commit, COMMITS commits.  Every case is a copy of the one case
of TEMPLATE_STORE (made by bench/template.sh with casectl itself, so the
records are what casectl writes and 'casectl check' accepts) with its own
ID, client, worker and dates: the template's commits are replayed (merged
when a case gets fewer commits, extra phone contacts when it gets more),
all cases interleaved by time over the years 2020 to 2026.  The same
SEED gives the same store byte for byte.  On standard error: one line
per case "ID" is written to the file named by $BENCH_IDS if set.
"""
import datetime
import os
import random
import re
import subprocess
import sys

ALPHABET = "0123456789abcdefghjkmnpqrstvwxyz"
DATE_RE = re.compile(rb"\b(\d{4})-(\d{2})-(\d{2})\b")
WORKERS = [
    ("Jana Novak", "jana.novak@example.org"),
    ("Petr Svoboda", "petr.svoboda@example.org"),
    ("Eva Horak", "eva.horak@example.org"),
    ("Tomas Dvorak", "tomas.dvorak@example.org"),
    ("Lucie Cerna", "lucie.cerna@example.org"),
    ("Martin Kral", "martin.kral@example.org"),
]
FIRST = ["Marie", "Jan", "Anna", "Josef", "Vera", "Karel", "Hana", "Pavel", "Olga",
         "Milan", "Zdenka", "Jiri", "Alena", "Frantisek", "Ruzena", "Ladislav"]
LAST = ["Dvorakova", "Novak", "Mala", "Prochazka", "Kucerova", "Vesely", "Horakova",
        "Pokorny", "Markova", "Benes", "Fialova", "Urban", "Sedlackova", "Kriz"]
EPOCH = datetime.date(1970, 1, 1)


def git(store, *args):
    return subprocess.run(["git", "-C", store] + list(args), check=True,
                          stdout=subprocess.PIPE).stdout


def read_template(store, tid):
    """The template's case commits: [(message, date, {path: bytes or None})]
    and the store-wide files added after init: {path: bytes}."""
    log = git(store, "log", "--reverse", "--format=%H %ad", "--date=short").decode().split("\n")
    commits, extra = [], {}
    for line in log[1:]:             # skip the init commit
        if not line:
            continue
        oid, day = line.split()
        msg = git(store, "log", "-1", "--format=%B", oid)
        names = git(store, "diff-tree", "-r", "--no-commit-id", "--name-status", oid).decode()
        files = {}
        for row in names.splitlines():
            st, path = row.split("\t", 1)
            files[path] = None if st == "D" else git(store, "show", "%s:%s" % (oid, path))
        if all(not p.startswith("cases/") for p in files):
            extra.update(files)
            continue
        commits.append((msg.rstrip(b"\n") + b"\n", datetime.date.fromisoformat(day), files))
    return commits, extra


def case_dir(cid):
    return "cases/%s/%s/%s" % (cid[2], cid[3], cid)


def merge_groups(commits, k):
    """Merge template commits into K groups: first adjacent commits of
    the same action (plan, link), then from the start."""
    groups = [[c] for c in commits]

    def action(g):
        return g[-1][0].split(b" ", 1)[0]
    while len(groups) > k:
        for i in range(len(groups) - 1):
            if action(groups[i]) == action(groups[i + 1]):
                groups[i:i + 2] = [groups[i] + groups[i + 1]]
                break
        else:
            groups[0:2] = [groups[0] + groups[1]]
    return groups


def main():
    tstore, tid, ncases, ncommits, seed = sys.argv[1:6]
    ncases, ncommits = int(ncases), int(ncommits)
    rng = random.Random(int(seed))
    commits, extra = read_template(tstore, tid)
    tdir = case_dir(tid).encode()
    topen = commits[0][1]
    phone = [(p, d) for (m, _, f) in commits for p, d in f.items()
             if b"phone contact" in m and "/journal/" in p][0]
    phone_msg = [m for (m, _, f) in commits if b"phone contact" in m][0]

    budget = ncommits - 1 - (1 if extra else 0)     # init and the services
    if budget < ncases:
        sys.exit("gen.py: need at least one commit per case")
    # Commits per case: around the mean, summing exactly to the budget.
    mean = budget / ncases
    ks = [max(1, int(rng.uniform(0.5, 1.5) * mean)) for _ in range(ncases)]
    diff = budget - sum(ks)
    while diff:
        i = rng.randrange(ncases)
        if diff > 0:
            ks[i] += 1
            diff -= 1
        elif ks[i] > 1:
            ks[i] -= 1
            diff += 1

    events = []        # (unix time, case number, seq, author, message, {path: data})
    ids, seen = [], set()
    for n in range(ncases):
        month = rng.randrange(0, 78)              # 2020-01 .. 2026-06
        while True:
            cid = ALPHABET[month >> 5] + ALPHABET[month & 31] + \
                "".join(rng.choice(ALPHABET) for _ in range(8))
            if cid not in seen:
                break
        seen.add(cid)
        ids.append(cid)
        opened = datetime.date(2020 + month // 12, month % 12 + 1, rng.randint(1, 28))
        shift = (opened - topen).days
        worker = rng.choice(WORKERS)
        client = "%s %s" % (rng.choice(FIRST), rng.choice(LAST))
        subst = [(tdir, case_dir(cid).encode()), (tid.encode(), cid.encode()),
                 (b"Template Client", client.encode()),
                 (b"Template Worker", worker[0].encode()),
                 (b"template.worker@example.org", worker[1].encode()),
                 (b"REF-TEMPLATE", ("REF/%d/%05d" % (opened.year, n)).encode())]

        def fix(data, shift=shift, subst=subst):
            for a, b in subst:
                data = data.replace(a, b)
            return DATE_RE.sub(lambda m: (datetime.date(int(m[1]), int(m[2]), int(m[3])) +
                               datetime.timedelta(days=shift)).isoformat().encode(), data)
        k = ks[n]
        base = merge_groups(commits, min(k, len(commits)))
        t_prev = 0
        seq = 0
        for g in base:
            files = {}
            for (_, _, f) in g:
                for p, d in f.items():
                    files[fix(p.encode()).decode()] = None if d is None else fix(d)
            day = g[-1][1] + datetime.timedelta(days=shift)
            t = (day - EPOCH).days * 86400 + rng.randint(7 * 3600, 17 * 3600)
            t = max(t, t_prev + 60)
            events.append((t, n, seq, worker, fix(g[-1][0]), files))
            t_prev, seq = t, seq + 1
        day = commits[-1][1] + datetime.timedelta(days=shift)
        names = set()
        for _ in range(k - len(base)):
            day += datetime.timedelta(days=rng.randint(5, 30))
            while True:
                suffix = "".join(rng.choice(ALPHABET) for _ in range(4))
                if suffix not in names:
                    break
            names.add(suffix)
            dshift = (day - (commits[-1][1])).days
            path = "%s/journal/%s-%s.md" % (case_dir(cid), day.isoformat(), suffix)
            data = DATE_RE.sub(lambda m, d=dshift: (datetime.date(int(m[1]), int(m[2]), int(m[3])) +
                               datetime.timedelta(days=d)).isoformat().encode(), phone[1])
            for a, b in subst[2:]:
                data = data.replace(a, b)
            t = (day - EPOCH).days * 86400 + rng.randint(7 * 3600, 17 * 3600)
            t = max(t, t_prev + 60)
            events.append((t, n, seq, worker, phone_msg.replace(tid.encode(), cid.encode()),
                           {path: data}))
            t_prev, seq = t, seq + 1

    events.sort(key=lambda e: (e[0], e[1], e[2]))
    out = sys.stdout.buffer
    w = out.write
    first = True

    def commit(t, who, msg, files):
        nonlocal first
        w(b"commit refs/heads/main\n")
        w(b"author %s <%s> %d +0100\n" % (who[0].encode(), who[1].encode(), t))
        w(b"committer %s <%s> %d +0100\n" % (who[0].encode(), who[1].encode(), t))
        w(b"data %d\n%s\n" % (len(msg), msg))
        if first:
            w(b"from refs/heads/main^0\n")
            first = False
        for p in sorted(files):
            d = files[p]
            if d is None:
                w(b"D %s\n" % p.encode())
            else:
                w(b"M 100644 inline %s\ndata %d\n%s\n" % (p.encode(), len(d), d))
        w(b"\n")
    if extra:
        t0 = (datetime.date(2019, 12, 31) - EPOCH).days * 86400 + 13 * 3600
        commit(t0, WORKERS[0], b"service: services added\n\nAction: service\n", extra)
    for (t, _, _, who, msg, files) in events:
        commit(t, who, msg, files)
    out.flush()
    if os.environ.get("BENCH_IDS"):
        with open(os.environ["BENCH_IDS"], "w") as f:
            f.write("\n".join(ids) + "\n")


if __name__ == "__main__":
    main()
