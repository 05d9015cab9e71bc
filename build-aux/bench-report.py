#!/usr/bin/python3
"""Prints build-aux/bench's table: one row per figure, one column per scale.

usage: bench-report.py LABEL=RESULTS.jsonl [LABEL=RESULTS.jsonl ...]
Each RESULTS file holds JSON objects, one per line, as fcrm-bench and
build-aux/bench wrote them for one data size. A figure missing at a scale is
shown as "—"; the verdict is the largest scale's (the reports': 100k, the
issue's scale)."""
import json
import statistics
import sys


class Scale:
    def __init__(self, label, path):
        self.label = label
        self.rows = [json.loads(l) for l in open(path) if l.strip()]

    def all(self, fig, db=None):
        return [r for r in self.rows if r["figure"] == fig and (db is None or r.get("db") == db)]

    def med(self, fig, db=None, key="median_ms"):
        v = [r[key] for r in self.all(fig, db) if key in r]
        return statistics.median(v) if v else None

    def startup(self, db, key):
        v = [r["json"][key] for r in self.all("startup", db) if key in r["json"]]
        return statistics.median(v) if v else None


def figures(s):
    """(name, target, value, ratio, ok) for every figure measured at scale s;
    ok is None when not measured."""
    out = []

    def add(name, target, value, ratio="—", ok=None):
        out.append((name, target, value, ratio, ok))

    fe, fb = s.startup("empty", "first_frame_ms"), s.startup("big", "first_frame_ms")
    if fe and fb:
        add("GUI first board frame", "≤ 1.3 × empty", f"{fb:.0f} ms (empty {fe:.0f})", f"{fb / fe:.2f}", fb / fe <= 1.3)
        re_, rb = s.startup("empty", "rss_kb"), s.startup("big", "rss_kb")
        add("GUI memory", "≤ empty + 40 MB", f"{rb / 1024:.0f} MB (empty {re_ / 1024:.0f})", f"+{(rb - re_) / 1024:.0f} MB",
            rb - re_ <= 40 * 1024)
    ls_e, ls_b = s.startup("empty", "longest_stall_ms"), s.startup("big", "longest_stall_ms")
    if ls_b is not None:
        la_e, la_b = s.startup("empty", "longest_stall_after_frame_ms"), s.startup("big", "longest_stall_after_frame_ms")
        add("GUI longest main-loop stall, start to 3 s after the first frame (a notifier check, another desktop's change)",
            "≤ 50 ms", f"{ls_b:.1f} ms (empty {ls_e:.1f}); after the first frame {la_b:.1f} (empty {la_e:.1f})",
            f"{ls_b / ls_e:.2f}" if ls_e else "—", ls_b <= 50)
        seen = s.startup("big", "outside_change_seen_ms")
        if seen is not None and seen >= 0:
            add("GUI: another desktop's change seen", "≤ 1000 ms", f"{seen:.0f} ms", "—", seen <= 1000)
    ms, mb = s.med("move", "small"), s.med("move", "big")
    if ms and mb:
        add("stage move commit (with robots)", "≤ 5 ms; ≤ 2 × 100 records", f"{mb:.2f} ms (small {ms:.2f})",
            f"{mb / ms:.2f}", mb <= 5 and mb / ms <= 2)
    rs, rb2 = s.med("robots_idle", "small"), s.med("robots_idle", "big")
    if rs and rb2:
        add("robot check, nothing due", "≤ 2 × 100 records", f"{rb2:.3f} ms (small {rs:.3f})", f"{rb2 / rs:.2f}",
            rb2 / rs <= 2)
    pr, pc = s.med("raw_page"), s.med("page")
    if pr and pc:
        add("board column page (50 + count + sum)", "≤ 3 × raw", f"{pc:.2f} ms (raw {pr:.2f})", f"{pc / pr:.2f}",
            pc / pr <= 3)
    for what in ("unread count", "take undelivered (none left)", "inbox reload (first 50)", "inbox reload, unread (first 50)"):
        v = [r for r in s.all("inbox") if r["what"] == what]
        if v:
            x = v[0]
            add(f"notifier/inbox: {what}, the busiest person", "≤ 2 ms",
                f"{x['app_ms']:.3f} ms (raw {x['raw_ms']:.3f}; {x['notifications']:,} notifications)",
                f"{x['app_ms'] / max(x['raw_ms'], 1e-3):.2f}", x["app_ms"] <= 2)
    # reports (issue 12): the verdict on the call's processor time, which the
    # other programs of a shared machine do not inflate; the wall time is shown.
    # The target is the issue's, on 100k deals: a larger scale is shown, not judged.
    for x in s.all("report"):
        add(f"report {x['what']} ({'the firm' if x['scope'] == 'firm' else 'one manager'})",
            "≤ 300 ms on 100k (processor time)",
            f"{x['app_cpu_ms']:.1f} ms, wall {x['app_ms']:.1f} (raw SQL {x['raw_cpu_ms']:.1f}, wall {x['raw_ms']:.1f};"
            f" {x['rows']} rows, {x['deals']:,} deals)",
            f"{x['app_cpu_ms'] / max(x['raw_cpu_ms'], 1e-3):.2f}",
            x["app_cpu_ms"] <= 300 if x["deals"] <= 100000 else None)
    rs_, ss_ = s.med("raw_search"), s.med("search")
    if rs_ and ss_:
        add("search, 20 results (name, Cyrillic, phone digits, e-mail)", "≤ 10 ms; ≤ 3 × raw FTS",
            f"{ss_:.2f} ms (raw {rs_:.2f})", f"{ss_ / rs_:.2f}", ss_ <= 10 and ss_ / rs_ <= 3)
    # board columns: the worst filter shape (and sort) of each figure; "old" is the
    # app's previous SQL (count(*), OFFSET, "CAST(? AS TEXT) IS NULL OR"), best an index-only read
    for fig, label in (("board_totals", "board column totals, any filter"),
                       ("board_first_page", "board first page, any sort × filter"),
                       ("board_deep_page", "board deep page (2/5 of the leads down), any sort × filter")):
        b = s.all(fig)
        if b:
            w_ = max(b, key=lambda r: r["app_ms"])
            o_ = max(b, key=lambda r: r["old_ms"])
            add(label, "≤ 5 ms",
                f"{w_['app_ms']:.2f} ms ({w_['shape']} {w_['sort']}; old SQL up to {o_['old_ms']:.1f}, index-only {w_['best_ms']:.2f})",
                f"{w_['app_ms'] / max(o_['old_ms'], 1e-3):.4f}", w_["app_ms"] <= 5)
    for db, label in (("sqlite", "file"), ("postgresql", "office server")):
        st = s.all("stall", db)
        if st:
            x = st[0]
            add(f"main-loop stall opening a column and two cards at 20 ms/round trip ({label})", "≤ 50 ms",
                f"{x['stall_max_ms']:.1f} ms (on the loop: {x['sync_ms']:.0f})", f"{x['stall_max_ms'] / x['sync_ms']:.3f}",
                x["stall_max_ms"] <= 50)
    def pg(fig, who):
        v = [r for r in s.all("pg_" + fig) if r.get("who") == who]
        return v[0] if v else None
    for fig, label in (("column_page", "board column page (first 50)"), ("column_totals", "board column count + sum"),
                       ("board_refresh", "board refresh (Leads + Manufacturing: totals and first page of every column)")):
        o, m = pg(fig, "owner"), pg(fig, "manager")
        if o and m:
            r = m["median_ms"] / o["median_ms"]
            add(f"office server at 100k, manager vs owner: {label}", "≤ 2 × owner",
                f"{m['median_ms']:.2f} ms (owner {o['median_ms']:.2f})", f"{r:.2f}", r <= 2)
    # the verdict on processor time (the program's and the server's) when it
    # could be read, as for the database file; else on the wall time
    for kind in ("funnel", "conversion", "losses", "time", "stuck", "managers", "revenue"):
        o, m = pg("report_" + kind, "owner"), pg("report_" + kind, "manager")
        oc, mc = pg(f"report_{kind}_cpu", "owner"), pg(f"report_{kind}_cpu", "manager")
        if o and m:
            cpu = oc and mc and min(oc["median_ms"], mc["median_ms"]) >= 0
            add(f"office server at 100k: report {kind}, a manager (row-level security) and the owner",
                "≤ 300 ms (processor time)" if cpu else "≤ 300 ms",
                (f"processor {mc['median_ms']:.0f} ms (owner {oc['median_ms']:.0f}), " if cpu else "")
                + f"wall {m['median_ms']:.0f} ms (owner {o['median_ms']:.0f})",
                f"{m['median_ms'] / o['median_ms']:.2f}",
                max(mc["median_ms"], oc["median_ms"]) <= 300 if cpu else max(m["median_ms"], o["median_ms"]) <= 300)
    seen = pg("outside_change_seen", "manager")
    if seen:
        add("office server at 100k: another desktop's change on a manager's board (polled every 500 ms, then refreshed)", "≤ 1 s",
            f"{seen['median_ms']:.0f} ms, at most {seen['max_ms']:.0f}", "—", seen["max_ms"] <= 1000)
    gs = s.all("gui_stall")
    if gs:
        st = statistics.median(r["stall_max_ms"] for r in gs)
        rd = statistics.median(r["reads_ms"] for r in gs)
        add("GUI stall opening a board + two cards at 20 ms latency (Xvfb)", "≤ 100 ms",
            f"{st:.1f} ms (reads {rd:.0f}, off the loop)", f"{st / rd:.3f}", st <= 100)
    lp = s.all("loop")
    if lp:
        l = lp[0]
        add(f"robots falling due at once (1% of the records), on the worker: longest main-loop stall", "≤ 50 ms",
            f"{l['stall_max_ms']:.1f} ms over {l['async_total_ms']:.0f} ms, {l['batches']} batches (on the loop: {l['sync_ms']:.0f})",
            f"{l['stall_max_ms'] / l['sync_ms']:.3f}", l["stall_max_ms"] <= 50)
        add("another connection writing meanwhile (a move every 20 ms)", "none refused",
            f"{l['writer_writes']} commits, {l['writer_refused']} refused, longest wait {l['writer_wait_max_ms']:.0f} ms", "—",
            l["writer_refused"] == 0 and l["writer_writes"] > 0)
        add("notifier check, nothing due: main-loop stall", "≤ 50 ms",
            f"{l['check_stall_ms']:.1f} ms (on the loop as before: {l['check_sync_ms']:.1f})", "—", l["check_stall_ms"] <= 50)
    ik = s.all("intake")
    if ik:
        x = ik[0]
        add("intake over HTTP, one client", "≥ 500 leads/s", f"{x['per_second']:.0f} leads/s ({x['ok']}/{x['n']})", "—",
            x["per_second"] >= 500 and x["ok"] == x["n"])
    # issue 14: a CSV file of 100,000 rows imported by the CLI (one transaction); the
    # verdict on processor time, which the other programs of a shared machine do not inflate
    for what in ("contacts", "leads"):
        v = [r for r in s.all("import") if r["what"] == what]
        if v:
            sec = statistics.median(r["seconds"] for r in v)
            cpu = statistics.median(r["cpu_seconds"] for r in v)
            add(f"CSV import of {v[0]['rows']:,} {what} (the CLI, one transaction)", "≤ 10 s (processor time)",
                f"{cpu:.1f} s, wall {sec:.1f} ({v[0]['rows'] / cpu:,.0f} rows/s)", "—", cpu <= 10)
    demo = s.all("demo")
    if demo:
        d = demo[0]["json"]
        n = d["leads"] + d["deals"] + d["contacts"]
        rate = n / d["seconds"]
        add("bulk/demo insert", "≥ 20,000 records/s", f"{rate:,.0f} rec/s ({n:,} in {d['seconds']:.1f} s)", "—",
            rate >= 20000)
    # --- issue 10: throughput and streaming lists (fcrm-bench-thru) ---
    d = s.all("thru_demo", "postgresql")
    if d:
        x = d[0]
        add("bulk/demo insert (office server)", "≥ 10,000 records/s",
            f"{x['per_second']:,.0f} rec/s ({x['records']:,} in {x['seconds']:.1f} s)", "—", x["per_second"] >= 10000)
    m = s.all("thru_migrate", "postgresql")
    if m:
        x = m[0]
        add("migrate a file to the office server", "≥ 50,000 rows/s",
            f"{x['per_second']:,.0f} rows/s ({x['rows']:,} in {x['seconds']:.1f} s)", "—", x["per_second"] >= 50000)
    for db, label in (("sqlite", "file"), ("postgresql", "office server")):
        runs = {r["clients"]: r for r in s.all("thru_intake", db) if not r["fresh"]}
        if runs:
            rates = ", ".join(f"{c}: {runs[c]['per_second']:.0f}" for c in sorted(runs))
            resets = sum(r["resets"] for r in runs.values())
            eight = runs.get(8)
            # processor time of the server (and of its office-server connections) per lead, and the load
            cpu = "; ".join(f"{c}: {runs[c]['cpu_ms'] / max(runs[c]['created'], 1):.2f}" for c in sorted(runs)
                            if "cpu_ms" in runs[c])
            load = ", ".join(str(runs[c]["load"]) for c in sorted(runs) if "load" in runs[c])
            add(f"intake leads/s by clients ({label})", "≥ 1,000 leads/s at 8 clients; no resets",
                f"{rates} (resets {resets}, 503s {sum(r['busy'] for r in runs.values())})"
                + (f"; processor ms/lead {cpu}; load {load}" if cpu else ""), "—",
                eight is not None and eight["per_second"] >= 1000 and resets == 0)
        fresh = [r for r in s.all("thru_intake", db) if r["fresh"]]
        if fresh:
            x = fresh[0]
            add(f"intake, {x['clients']} clients on new connections ({label})", "no connection reset",
                f"{x['per_second']:.0f} leads/s, {x['resets']} resets, {x['created']}/{x['n']} stored", "—",
                x["resets"] == 0)
    lists = {w: [r for r in s.all("thru_list") if r["what"] == w] for w in ("raw_json", "cli_json", "cli_text")}
    if all(lists.values()):
        med = {w: statistics.median(r["seconds"] for r in v) for w, v in lists.items()}
        rss = {w: max(r["rss_kb"] for r in v) for w, v in lists.items()}
        add("lead list --json to /dev/null (peak memory)", "≤ 3 × sqlite3 -json; ≤ 50 MB",
            f"{med['cli_json']:.2f} s, {rss['cli_json'] / 1024:.0f} MB (sqlite3 -json {med['raw_json']:.2f} s)",
            f"{med['cli_json'] / med['raw_json']:.2f}",
            med["cli_json"] <= 3 * med["raw_json"] and rss["cli_json"] <= 50 * 1024)
        add("lead list, text, to /dev/null (peak memory)", "≤ 50 MB",
            f"{med['cli_text']:.2f} s, {rss['cli_text'] / 1024:.0f} MB", f"{med['cli_text'] / med['raw_json']:.2f}",
            rss["cli_text"] <= 50 * 1024)
    # --- end of issue 10 ---
    return out


def main():
    scales = [Scale(*a.split("=", 1)) for a in sys.argv[1:]]
    names, targets, cells, verdict = [], {}, {}, {}
    for s in scales:
        for name, target, value, ratio, ok in figures(s):
            if name not in targets:
                names.append(name)
                targets[name] = target
            cells[(name, s.label)] = value if ratio == "—" else f"{value}, ratio {ratio}"
            # the largest scale judged (a figure whose target is for a smaller one keeps that verdict)
            if ok is not None or name not in verdict:
                verdict[name] = "—" if ok is None else ("ok" if ok else "MISSED")
    head = ["figure", "target"] + [s.label for s in scales] + ["at " + scales[-1].label]
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name in names:
        row = [name, targets[name]] + [cells.get((name, s.label), "—") for s in scales] + [verdict[name]]
        print("| " + " | ".join(row) + " |")


main()
