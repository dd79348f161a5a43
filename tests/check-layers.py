#!/usr/bin/env python3
"""check-layers.py - the one-way rule between the layers of lib/, from the objects

    tests/check-layers.py [BUILD]        (make check-layers; BUILD is build/)

lib/ has one folder per layer; from the bottom up

    util -> doc -> store -> model -> ops | views -> cmd

and a file may use only its own layer and the layers below it (ops and views
are side by side: neither uses the other).  The rule is read from the object
files with nm, not from the source: an object that names a symbol it does not
define (nm's "U") uses the object that defines it, whether it calls it or
only takes its address for a table of function pointers.  It fails on
  (a) a symbol used from a layer above the object that uses it, or beside it;
  (b) a third-party header included outside its layer: git2.h, git2/ and
      openssl/ only in lib/store/; yaml.h, cmark.h and jansson.h only in
      lib/doc/ (include/casectl/LAYER/ counts as LAYER), and a header of
      lib/ or include/casectl/ included from a layer below its own;
  (c) cmd/ using a private symbol of lib (cc__NAME);
  (d) a cycle: objects, or layers, that use each other in a loop (the
      strongly connected components of the graph of uses);
  (e) a symbol of lib that no public header names (private to lib) and
      whose name does not begin with cc__;
  and on a source of lib/ that is in no layer's folder.
Each violation is one line, "FILE: ..."; the last line counts them.
"""

import os
import re
import subprocess
import sys

LAYERS = ["util", "doc", "store", "model", "ops", "views", "cmd"]
RANK = {"util": 0, "doc": 1, "store": 2, "model": 3, "ops": 4, "views": 4, "cmd": 5}
THIRD_PARTY = [
    (re.compile(r"^(git2\.h|git2/|openssl/)"), "store"),
    (re.compile(r"^(yaml\.h|cmark\.h|jansson\.h)$"), "doc"),
]
DEFINED = set("TDBRCVWGSi")  # nm's letters of a global definition


def above(user, owner):
    """Whether layer user may not use layer owner."""
    if user == owner:
        return False
    return RANK[owner] >= RANK[user]


def why(user, owner):
    if RANK[owner] == RANK[user]:
        return "layer %s beside %s" % (owner, user)
    return "layer %s above %s" % (owner, user)


def layer_of(path):
    """The layer of a path inside the tree (or a build tree), None if none."""
    parts = path.split(os.sep)
    if parts[0] == "cmd":
        return "cmd"
    if parts[0] == "lib" and len(parts) >= 3 and parts[1] in RANK:
        return parts[1]
    if parts[:2] == ["include", "casectl"] and len(parts) >= 4 and parts[2] in RANK:
        return parts[2]
    return None


def objects(top, build):
    """The objects of the sources there are now: one left from a file since
    moved or removed would count twice."""
    objs = []
    for folder in ["cmd"] + ["lib/" + l for l in LAYERS if l != "cmd"]:
        for f in sorted(os.listdir(os.path.join(top, folder))):
            o = os.path.join(build, folder, f[:-2] + ".o")
            if f.endswith(".c") and os.path.exists(o):
                objs.append(o)
    templates = os.path.join(build, "lib", "doc", "templates.o")
    if os.path.exists(templates):
        objs.append(templates)
    return objs


def unlayered(top):
    """Sources of lib/ outside every layer's folder (the build skips them)."""
    return ["lib/%s: is in no layer (move it into lib/LAYER/)" % f
            for f in sorted(os.listdir(os.path.join(top, "lib")))
            if f.endswith((".c", ".h"))]


def read_nm(objs):
    out = subprocess.run(["nm", "-A"] + objs, capture_output=True, text=True, check=True).stdout
    defs = {o: set() for o in objs}
    uses = {o: set() for o in objs}
    for line in out.splitlines():
        path, _, rest = line.partition(":")
        f = rest.split()
        if len(f) == 2 and f[0] == "U":
            uses[path].add(f[1])
        elif len(f) == 3 and f[1] in DEFINED:
            defs[path].add(f[2])
    return defs, uses


def short(build, obj):
    """build/lib/store/store-tree.o -> lib/store/store-tree.c"""
    return os.path.relpath(obj, build)[:-2] + ".c"


def tarjan(nodes, edges):
    index, low, stack, on, comps = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        # iterative: the call graph of lib is deep enough to matter
        work = [(v, iter(sorted(edges.get(v, ()))))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(edges.get(w, ())))))
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        comps.append(sorted(comp))

    for v in sorted(nodes):
        if v not in index:
            visit(v)
    return comps


def public_names(top):
    names = set()
    for root, _dirs, files in os.walk(os.path.join(top, "include", "casectl")):
        for f in files:
            if f.endswith(".h"):
                with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                    names.update(re.findall(r"\b[A-Za-z_]\w*\b", fh.read()))
    return names


def check_includes(top):
    bad = []
    inc = re.compile(r'^\s*#\s*include\s*([<"])([^>"]+)[>"]')
    for base in ("lib", "include", "cmd"):
        for root, _dirs, files in os.walk(os.path.join(top, base)):
            for f in sorted(files):
                if not f.endswith((".c", ".h")):
                    continue
                path = os.path.join(root, f)
                rel = os.path.relpath(path, top)
                mine = layer_of(rel)
                with open(path, encoding="utf-8", errors="replace") as fh:
                    for n, line in enumerate(fh, 1):
                        m = inc.match(line)
                        if not m:
                            continue
                        kind, name = m.groups()
                        if kind == "<":
                            for pat, home in THIRD_PARTY:
                                if pat.search(name) and mine != home:
                                    bad.append("%s:%d: includes <%s> (only lib/%s/ may)"
                                               % (rel, n, name, home))
                            continue
                        target = os.path.normpath(os.path.join(os.path.dirname(rel), name))
                        theirs = layer_of(target) if target.startswith("lib" + os.sep) else None
                        if name.startswith("casectl/"):
                            theirs = layer_of(os.path.join("include", name))
                        if mine and theirs and above(mine, theirs):
                            bad.append("%s:%d: includes \"%s\" (%s)"
                                       % (rel, n, name, why(mine, theirs)))
    return bad


def main():
    build = sys.argv[1] if len(sys.argv) > 1 else "build"
    top = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    objs = objects(top, build)
    if not objs:
        sys.exit("check-layers: no objects under %s/lib and %s/cmd: run make first" % (build, build))
    defs, uses = read_nm(objs)
    owner = {}
    for o in objs:
        for s in defs[o]:
            owner.setdefault(s, o)
    layer = {o: layer_of(os.path.relpath(o, build)) for o in objs}

    calls, private, loose = [], [], unlayered(top)
    edges = {}
    for o in objs:
        if layer[o] is None:
            continue
        for s in sorted(uses[o]):
            d = owner.get(s)
            if d is None or d == o:
                continue
            edges.setdefault(o, set()).add(d)
            if layer[d] is None:
                continue
            if above(layer[o], layer[d]):
                calls.append("%s: calls %s (defined in %s, %s)"
                             % (short(build, o), s, short(build, d), why(layer[o], layer[d])))
            if layer[o] == "cmd" and s.startswith("cc__"):
                private.append("%s: calls %s (defined in %s, private to lib)"
                               % (short(build, o), s, short(build, d)))

    includes = check_includes(top)

    public = public_names(top)
    naming = []
    for o in objs:
        if layer[o] in (None, "cmd"):
            continue
        for sym in sorted(defs[o]):
            if sym not in public and not sym.startswith("cc__"):
                naming.append("%s: defines %s (private to lib: name it cc__%s)"
                              % (short(build, o), sym, sym[3:] if sym.startswith("cc_") else sym))

    file_cycles = tarjan(objs, edges)
    ledges = {}
    for a, bs in edges.items():
        for b in bs:
            if layer[a] and layer[b] and layer[a] != layer[b]:
                ledges.setdefault(layer[a], set()).add(layer[b])
    layer_cycles = tarjan([l for l in LAYERS], ledges)

    for line in loose + calls + includes + private + naming:
        print(line)
    for comp in file_cycles:
        names = [short(build, o) for o in comp]
        print("%s: in a cycle of %d files: %s" % (names[0], len(names), " ".join(names)))
    for comp in layer_cycles:
        print("lib/%s/: in a cycle of %d layers: %s" % (comp[0], len(comp), " ".join(comp)))
    total = (len(loose) + len(calls) + len(includes) + len(private) + len(naming)
             + len(file_cycles) + len(layer_cycles))
    print("check-layers: %d upward calls, %d includes, %d private calls from cmd, "
          "%d private names without cc__, %d file cycles, %d layer cycles, "
          "%d files in no layer"
          % (len(calls), len(includes), len(private), len(naming), len(file_cycles),
             len(layer_cycles), len(loose)))
    sys.exit(1 if total else 0)


if __name__ == "__main__":
    main()
