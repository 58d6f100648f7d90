#!/usr/bin/env python3
"""Markdown tables from a benchmark results directory (key=value files).

    report.py webhook RESULTS_DIR           the webhook table (webhook.txt)
    report.py table RESULTS_DIR NAME...     a fan-out table, one column per NAME.txt
    report.py cloudwatch RESULTS_DIR NAME...  the CloudWatch tail table, one column per NAME.txt
    report.py all RESULTS_DIR               machine.md, the webhook table, Meshwatch vs
                                            Socket.IO with ratios, the 1-client baseline and
                                            the CloudWatch tail

A missing file or figure shows as "n/a". Prints Markdown ready to paste into
docs/BENCHMARKS.md.
"""
import os
import sys


def load(path):
    values = {}
    if os.path.exists(path):
        with open(path, encoding="utf-8") as f:
            for line in f:
                if "=" in line:
                    key, value = line.rstrip("\n").split("=", 1)
                    values.setdefault(key, value)
    return values


def num(values, key):
    try:
        return float(values[key])
    except (KeyError, ValueError):
        return None


def show(values, key):
    return values.get(key, "n/a") if values else "n/a"


def ratio(a, b):
    if a is None or b is None or b == 0:
        return "n/a"
    return f"{a / b:.2f}"


def webhook(results):
    w = load(os.path.join(results, "webhook.txt"))
    print("### Webhook: one instance, signed `X-Modal-Signature` deliveries\n")
    if not w:
        print("_no webhook.txt in this results directory_\n")
        return
    print(f"Setup: {show(w, 'jobs_created')} Modal jobs created at {show(w, 'jobs_create_per_second')}/s "
          f"(launched on the stand-in, all RUNNING after {show(w, 'setup_seconds')} s). "
          f"Rate limit raised for the run: `{show(w, 'rate_limit')}`. Server heap {show(w, 'server_heap')}.\n")
    print("| variant | deliveries | concurrency | seconds | deliveries/s | p50 ms | p90 ms | p99 ms | max ms "
          "| errors | server CPU (cores) | answers |")
    print("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|")
    for name, label in (("distinct", "distinct jobs (applied)"), ("duplicate", "duplicates (same job, same body)")):
        print(f"| {label} | {show(w, name + '_deliveries')} | {show(w, name + '_concurrency')} "
              f"| {show(w, name + '_seconds')} | {show(w, name + '_per_second')} "
              f"| {show(w, name + '_latency_ms_p50')} | {show(w, name + '_latency_ms_p90')} "
              f"| {show(w, name + '_latency_ms_p99')} | {show(w, name + '_latency_ms_max')} "
              f"| {show(w, name + '_errors')} | {show(w, name + '_server_cpu_cores_avg')} "
              f"| {show(w, name + '_answers')} |")
    print(f"\nSample check: {show(w, 'sample_jobs_completed')} of {show(w, 'sample_jobs_checked')} sampled jobs "
          f"COMPLETED after the run. Server VmHWM {show(w, 'server_vmhwm_mb')} MB.\n")


ROWS = [
    ("clients subscribed", "clients_subscribed"),
    ("clients clean (every seq once, log_end)", "clients_clean"),
    ("job lines (last seq)", "job_last_seq"),
    ("lines received, all clients", "lines_received_total"),
    ("delivery span s (first to last receipt)", "delivery_seconds"),
    ("delivered lines/s, all clients", "lines_per_second_all_clients"),
    ("latency ts to receipt, mean ms", "latency_ms_mean"),
    ("latency p50 ms", "latency_ms_p50"),
    ("latency p90 ms", "latency_ms_p90"),
    ("latency p99 ms", "latency_ms_p99"),
    ("latency p99.9 ms", "latency_ms_p999"),
    ("latency max ms", "latency_ms_max"),
    ("line frames per client, avg", "frames_per_client_avg"),
    ("line frames per client, min", "frames_per_client_min"),
    ("line frames per client, max", "frames_per_client_max"),
    ("lines lost, all clients", "lines_lost_total"),
    ("lines duplicated, all clients", "lines_duplicated_total"),
    ("lines out of order, all clients", "lines_out_of_order_total"),
    ("measured window s (go to last log_end)", "window_seconds"),
    ("server CPU s over the window", "server_cpu_seconds"),
    ("server CPU, cores (avg)", "server_cpu_cores_avg"),
    ("server CPU idle (subscribed, no lines), cores", "server_cpu_cores_idle"),
    ("server RSS before, MB", "server_rss_mb_before"),
    ("server RSS peak (sampled 5/s), MB", "server_rss_mb_peak_sampled"),
    ("server VmHWM, MB", "server_vmhwm_mb"),
    ("client CPU, cores (avg)", "client_cpu_cores_avg"),
]
RATIO_KEYS = {"lines_per_second_all_clients", "latency_ms_mean", "latency_ms_p50", "latency_ms_p90",
              "latency_ms_p99", "latency_ms_p999", "latency_ms_max", "frames_per_client_avg",
              "server_cpu_seconds", "server_cpu_cores_avg", "server_rss_mb_peak_sampled", "server_vmhwm_mb"}


TITLES = {
    "websocket": "Meshwatch (Java client)",
    "socketio": "Socket.IO (socket.io-client, Node)",
    "socketio-javaclient": "Socket.IO (same Java client)",
    "websocket-1client": "Meshwatch, 1 client",
    "socketio-1client": "Socket.IO, 1 client (Node client)",
}


SHORT = {
    "websocket": "Meshwatch",
    "socketio": "Socket.IO (Node client)",
    "socketio-javaclient": "Socket.IO (Java client)",
    "websocket-1client": "Meshwatch",
    "socketio-1client": "Socket.IO",
}


def fanout(results, names, title, ratios=()):
    """A table with one column per results file in names, plus Meshwatch/other ratio columns."""
    columns = [(TITLES.get(n, n), load(os.path.join(results, n + ".txt"))) for n in names]
    columns = [(t, v) for t, v in columns if v]
    ratio_columns = []
    for mine, other in ratios:
        a = load(os.path.join(results, mine + ".txt"))
        b = load(os.path.join(results, other + ".txt"))
        if a and b:
            ratio_columns.append((f"ratio {SHORT.get(mine, mine)} / {SHORT.get(other, other)}", a, b))
    print(f"### {title}\n")
    if not columns:
        print("_no results in this directory_\n")
        return
    params = columns[0][1]
    print(f"Workload: clients {show(params, 'param_clients')}, all on one project/room, one job printing "
          f"{show(params, 'param_rate')} lines/s for {show(params, 'param_duration')} s (after an unmeasured "
          f"{show(params, 'param_warmup_duration')} s warm-up job), batched per 50 ms window or 500 lines.\n")
    print("| metric | " + " | ".join(t for t, _ in columns) + "".join(f" | {t}" for t, _, _ in ratio_columns) + " |")
    print("|---|" + "---:|" * (len(columns) + len(ratio_columns)))
    for label, key in ROWS:
        cells = [show(v, key) for _, v in columns]
        for _, a, b in ratio_columns:
            cells.append(ratio(num(a, key), num(b, key)) if key in RATIO_KEYS else "")
        print(f"| {label} | " + " | ".join(cells) + " |")
    for _, v in columns:
        if v.get("errors", "none") != "none":
            print(f"\nErrors ({v.get('label')}): `{v.get('errors')}`")
    for _, v in columns:
        if "job_status_rest" in v:
            print(f"\n{v.get('label')}: job status after the run {show(v, 'job_status_rest')}, last_seq "
                  f"{show(v, 'job_last_seq_rest')} (REST), sessions closed as too slow "
                  f"{show(v, 'slow_sessions_closed')}, server heap {show(v, 'server_heap')}.")
        if "stores_lines" in v:
            print(f"\n{v.get('label')}: {show(v, 'server')}; client {show(v, 'client')}; "
                  f"lines stored: {show(v, 'stores_lines')}.")
    print()


CLOUDWATCH_ROWS = [
    ("running Modal jobs, each with its own log group", "jobs"),
    ("call budget (MESHWATCH_CLOUDWATCH_MAX_TPS)", "param_tps"),
    ("lines written per job per second", "lines_per_second_per_job"),
    ("seconds writing", "write_seconds"),
    ("lines written", "lines_written"),
    ("lines received over the WebSocket", "lines_received"),
    ("lines lost", "lines_lost"),
    ("lines duplicated", "lines_duplicated"),
    ("API calls while writing", "calls_total"),
    ("of which GetLogEvents", "calls_get_log_events"),
    ("of which DescribeLogStreams", "calls_describe_log_streams"),
    ("calls per second, average", "calls_per_second_avg"),
    ("calls in the busiest 1 s window", "calls_busiest_1s"),
    ("calls in the busiest 10 s window", "calls_busiest_10s"),
    ("**calls per job-minute**", "calls_per_job_minute"),
    ("**lag p50 ms** (CloudWatch timestamp to browser)", "lag_p50_ms"),
    ("lag p90 ms", "lag_p90_ms"),
    ("**lag p99 ms**", "lag_p99_ms"),
    ("lag max ms", "lag_max_ms"),
    ("last line arrived, s after writing stopped", "drain_seconds_after_writing"),
    ("server CPU, cores (avg)", "server_cpu_cores_avg"),
    ("server RSS at the end, MB", "server_rss_mb"),
]


def cloudwatch(results, names):
    columns = [(n, load(os.path.join(results, n + ".txt"))) for n in names]
    columns = [(n, v) for n, v in columns if v]
    print("### CloudWatch tail: one instance, the shared call budget\n")
    if not columns:
        print("_no CloudWatch results in this directory_\n")
        return
    print("| metric | " + " | ".join(n for n, _ in columns) + " |")
    print("|---|" + "---:|" * len(columns))
    for label, key in CLOUDWATCH_ROWS:
        print(f"| {label} | " + " | ".join(show(v, key) for _, v in columns) + " |")
    for n, v in columns:
        print(f"\n{n}: tail health at the end `{show(v, 'tail_health')}`.")
    print()


def main():
    which, results = sys.argv[1], sys.argv[2]
    machine = os.path.join(results, "machine.md")
    if which == "all" and os.path.exists(machine):
        with open(machine, encoding="utf-8") as f:
            print(f.read())
    if which in ("webhook", "all"):
        webhook(results)
    if which == "all":
        fanout(results, ["websocket", "socketio", "socketio-javaclient"],
               "Live log fan-out: Meshwatch vs Socket.IO",
               ratios=[("websocket", "socketio"), ("websocket", "socketio-javaclient")])
        if os.path.exists(os.path.join(results, "websocket-1client.txt")):
            fanout(results, ["websocket-1client", "socketio-1client"],
                   "Baseline: the same job with one client (storing vs fan-out)",
                   ratios=[("websocket-1client", "socketio-1client")])
        names = [n for n in ("cloudwatch-10jobs", "cloudwatch-200jobs")
                 if os.path.exists(os.path.join(results, n + ".txt"))]
        if names:
            cloudwatch(results, names)
    if which == "cloudwatch":
        cloudwatch(results, sys.argv[3:])
    if which == "table":
        names = sys.argv[3:]
        fanout(results, names, ", ".join(TITLES.get(n, n) for n in names))


if __name__ == "__main__":
    main()
