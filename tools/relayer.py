#!/usr/bin/env python3
"""relayer.py - bring code written for the flat lib/ into the layered one

    tools/relayer.py [--move] [FILE...]

For merging a branch that was cut before lib/ had one folder per layer.
With --move, every .c and .h still in lib/ itself, and every header still
in include/casectl/ itself, is moved (git mv) into the folder of its layer
(chosen by its name: see layer_of_new; each choice is printed, check it);
a private header is renamed to end in -int.h.  Then, in each FILE (by
default every .c and .h of lib/, include/, cmd/ and tests/, and
tools/embed.c), the include lines name the headers where they are now,
the paths that comments give of files and public headers follow them, and
the private symbols renamed to cc__NAME get their new names.
Running it twice changes nothing the second time.
"""

import glob
import os
import re
import subprocess
import sys

LAYERS = ["util", "doc", "store", "model", "ops", "views"]

# Private headers whose new name is not simply NAME-int.h.
RENAMED = {"store-internal.h": "store-int.h", "event-internal.h": "event-int.h",
           "json-internal.h": "json-int.h", "link-internal.h": "link-int.h"}

# Private symbols of lib that took the cc__ prefix.
PRIVATE = """cc_embedded_templates cc_ev_body cc_ev_check_date_key cc_ev_date
cc_ev_emit cc_ev_enum cc_ev_goal cc_ev_goal_id cc_ev_goal_id_valid cc_ev_list_add
cc_ev_parse cc_ev_person cc_ev_plan cc_ev_prune cc_ev_read_all cc_ev_records_free
cc_ev_template cc_ev_validate cc_link_check_capacity cc_link_check_consent
cc_plan_begin cc_plan_check_raise cc_plan_cost_valid cc_plan_crisis_num
cc_plan_end cc_plan_finish cc_plan_id_level cc_plan_lists cc_plan_note
cc_plan_relpath cc_plan_status_valid cc_plan_statuses cc_plan_strdup
cc_rdata_free cc_rdata_in cc_rdata_in_str cc_rdecisions cc_report_collect
cc_report_html cc_report_json cc_report_num cc_report_period_text
cc_report_phases cc_report_text cc_rgstatus cc_rindex cc_rkinds cc_rlevels
cc_rlstatus cc_rstats_of cc_rtab_free cc_rtab_get cc_rtab_sort cc_rvec_add
cc_rvec_free cc_svg_bars cc_svg_months cc_svg_phases cc_table_add
cc_table_free cc_table_print cc_text_width""".split()
PRIVATE_RE = re.compile(r"\b(%s)\b" % "|".join(PRIVATE))


def layer_of_new(name):
    """The layer of a file of lib/ by its name, None if the name says none."""
    stem = name.rsplit(".", 1)[0]
    for suffix in ("-int", "-internal"):
        if stem.endswith(suffix):
            stem = stem[: -len(suffix)]
    if stem.startswith("store-") or stem in ("hooks", "perm", "trust-signer"):
        return "store"
    if stem.startswith(("frontmatter", "render", "json", "template")):
        return "doc"
    if stem in ("problems", "buf", "error", "date", "id", "path", "table", "text",
                "outfile", "signals"):
        return "util"
    if stem.startswith(("summary", "view", "report", "due")) or stem.endswith("-view"):
        return "views"
    if stem in ("rules", "person") or stem.startswith(("validate", "records", "merge")):
        return "model"
    # the family of an existing file: plan-x goes where plan-x's kin are
    for l in LAYERS:
        if os.path.exists("lib/%s/%s.c" % (l, stem)):
            return l
    head = stem.split("-")[0]
    for l in LAYERS:
        if os.path.exists("lib/%s/%s.c" % (l, head)):
            return l
    return None


def private_name(h):
    if h in RENAMED:
        return RENAMED[h]
    return h if h.endswith("-int.h") else h[:-2] + "-int.h"


def move():
    for f in sorted(os.listdir("lib")):
        if not f.endswith((".c", ".h")):
            continue
        l = layer_of_new(f)
        if l is None:
            print("relayer: lib/%s: no layer by its name; git mv it yourself" % f)
            continue
        new = private_name(f) if f.endswith(".h") else f
        subprocess.run(["git", "mv", "lib/" + f, "lib/%s/%s" % (l, new)], check=True)
        print("relayer: lib/%s -> lib/%s/%s" % (f, l, new))
    for f in sorted(os.listdir("include/casectl")):
        if not f.endswith(".h"):
            continue
        l = layer_of_new(f)
        if l is None:
            print("relayer: include/casectl/%s: no layer by its name; git mv it yourself" % f)
            continue
        subprocess.run(["git", "mv", "include/casectl/" + f,
                        "include/casectl/%s/%s" % (l, f)], check=True)
        print("relayer: include/casectl/%s -> include/casectl/%s/%s" % (f, l, f))


def tables():
    public = {os.path.basename(h): h.split("/")[2] for h in glob.glob("include/casectl/*/*.h")}
    private = {os.path.basename(h): h.split("/")[1] for h in glob.glob("lib/*/*.h")}
    sources = {os.path.basename(c): c.split("/")[1] for c in glob.glob("lib/*/*.c")}
    return public, private, sources


def fix(path, public, private, sources):
    with open(path, encoding="utf-8") as fh:
        text = fh.read()
    here = os.path.dirname(path)

    def include(m):
        name = m.group(1)
        base = os.path.basename(name)
        if name.startswith("casectl/") and name.count("/") == 1 and base in public:
            return '#include "casectl/%s/%s"' % (public[base], base)
        if name.count("/") == 0 or name.startswith("../../lib/") and name.count("/") == 3:
            new = base if base in private else private_name(base)
            if new not in private:
                return m.group(0)
            l = private[new]
            if name.startswith("../../lib/"):
                return '#include "../../lib/%s/%s"' % (l, new)
            if here == "lib/" + l:
                return '#include "%s"' % new
            if here.startswith("lib/"):
                return '#include "../%s/%s"' % (l, new)
            if here.startswith("tests/fuzz"):
                return '#include "%s/%s"' % (l, new)
        return m.group(0)

    new = re.sub(r'#include "([^"]+)"', include, text)
    # the paths that comments give
    new = re.sub(r"(?<![\w/-])casectl/([a-z-]+\.h)\b",
                 lambda m: "casectl/%s/%s" % (public[m.group(1)], m.group(1))
                 if m.group(1) in public else m.group(0), new)
    new = re.sub(r"(?<![\w/.-])lib/([a-z-]+\.c)\b",
                 lambda m: "lib/%s/%s" % (sources[m.group(1)], m.group(1))
                 if m.group(1) in sources else m.group(0), new)
    new = PRIVATE_RE.sub(lambda m: "cc__" + m.group(1)[3:], new)
    if new != text:
        with open(path, "w", encoding="utf-8") as fh:
            fh.write(new)
        print("relayer: %s" % path)


def main():
    args = sys.argv[1:]
    if args[:1] == ["--move"]:
        args = args[1:]
        move()
    public, private, sources = tables()
    files = args or [f for f in subprocess.run(
        ["git", "ls-files", "lib", "include", "cmd", "tests", "tools/embed.c"],
        capture_output=True, text=True, check=True).stdout.split()
        if f.endswith((".c", ".h"))]
    for f in files:
        if os.path.isfile(f):
            fix(f, public, private, sources)


if __name__ == "__main__":
    main()
