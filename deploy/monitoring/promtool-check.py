#!/usr/bin/env python3
"""Checks the alerts (deploy/kubernetes/071) and the dashboard queries (070) with Prometheus' own promtool.

Not part of the Maven build (promtool is not a Java tool): run it by hand after changing either file, with
promtool on the PATH (Debian: apt-get install prometheus) and PyYAML (python3-yaml):

    python3 deploy/monitoring/promtool-check.py

1. `promtool check rules` on the PrometheusRule's spec and on every dashboard expression (as recording rules,
   $__rate_interval read as 5m): both parse.
2. `promtool test rules`: each alert's expression, evaluated on synthetic series, selects exactly the series it
   should (a stuck pod and not a healthy one, a partition with lag and an unmoving offset and not one that commits,
   dead letters only when the DLQ topic grows, fleet-side failures above 5% and not client errors, ...).
   The `for:` durations are not exercised here.
"""
import json
import pathlib
import subprocess
import sys
import tempfile

import yaml

KUBE = pathlib.Path(__file__).resolve().parent.parent / "kubernetes"
rules = yaml.safe_load((KUBE / "071-PrometheusRule-alerts.yaml").read_text())["spec"]
expr = {r["alert"]: r["expr"] for g in rules["groups"] for r in g["rules"]}
dashboard = json.loads(
    yaml.safe_load((KUBE / "070-ConfigMap-grafana-dashboard.yaml").read_text())["data"]["udpm-fleet.json"])

# alert, labels to count by, input series, evaluation time, label sets expected to fire
W = 'consumergroup="udpm-workers",topic="udpm.jobs"'
cases = [
  ("UdpmIntakeCommitsStuck", "pod", [
     ('udpm_intake_unacknowledged_records{pod="w1"}', '0 0 1 1 1'),
     ('udpm_intake_unacknowledged_records{pod="w2"}', '0 0 0 0 0')], "4m", ['{pod="w1"}']),
  ("UdpmJobsPartitionNotCommitting", "partition", [
     ('kafka_consumergroup_lag{%s,partition="0"}' % W, '5x40'),
     ('kafka_consumergroup_current_offset{%s,partition="0"}' % W, '100x40'),
     ('kafka_consumergroup_lag{%s,partition="1"}' % W, '5x40'),
     ('kafka_consumergroup_current_offset{%s,partition="1"}' % W, '100+1x40'),
     ('kafka_consumergroup_lag{%s,partition="2"}' % W, '0x40'),
     ('kafka_consumergroup_current_offset{%s,partition="2"}' % W, '100x40'),
     ('kafka_consumergroup_lag{consumergroup="other",topic="udpm.jobs",partition="3"}', '5x40'),
     ('kafka_consumergroup_current_offset{consumergroup="other",topic="udpm.jobs",partition="3"}', '100x40')],
   "40m", ['{partition="0"}']),
  ("UdpmJobsDeadLettered", None, [
     ('kafka_topic_partition_current_offset{topic="udpm.jobs.dlq",partition="0"}', '0x20 3x20'),
     ('kafka_topic_partition_current_offset{topic="udpm.jobs",partition="0"}', '0+10x40')], "30m", ['{}']),
  ("UdpmJobsDeadLettered", None, [
     ('kafka_topic_partition_current_offset{topic="udpm.jobs.dlq",partition="0"}', '3x40'),
     ('kafka_topic_partition_current_offset{topic="udpm.jobs",partition="0"}', '0+10x40')], "30m", []),
  ("UdpmDeadLetterWriteFailing", None, [
     ('udpm_intake_dead_letter_failures_total{pod="w1"}', '0x10 1x10')], "15m", ['{}']),
  ("UdpmWebhooksDeadLettered", None, [
     ('kafka_topic_partition_current_offset{topic="udpm.webhooks.dead",partition="0"}', '0x20 2x20')], "30m", ['{}']),
  ("UdpmNoModelLoaded", "pod", [
     ('udpm_models_loaded{pod="w1"}', '0x20'), ('udpm_models_loaded{pod="w2"}', '1x20')], "15m", ['{pod="w1"}']),
  ("UdpmModelRejected", "model, step", [
     ('udpm_model_rejects_total{pod="w1",model="fashion-mnist",step="verify"}', '0x10 1x10')], "15m",
     ['{model="fashion-mnist",step="verify"}']),
  ("UdpmJobFailureRateHigh", None, [
     ('udpm_jobs_total{pod="w1",type="generate",outcome="completed",code="none"}', '0+90x30'),
     ('udpm_jobs_total{pod="w1",type="generate",outcome="failed",code="INTERNAL"}', '0+10x30'),
     ('udpm_jobs_total{pod="w1",type="generate",outcome="failed",code="INVALID_REQUEST"}', '0+50x30')], "20m", ['{}']),
  ("UdpmJobFailureRateHigh", None, [
     ('udpm_jobs_total{pod="w1",type="generate",outcome="completed",code="none"}', '0+99x30'),
     ('udpm_jobs_total{pod="w1",type="generate",outcome="failed",code="INTERNAL"}', '0+1x30'),
     ('udpm_jobs_total{pod="w1",type="generate",outcome="failed",code="INVALID_REQUEST"}', '0+50x30')], "20m", []),
  ("UdpmTrainerStalled", "pod", [
     ('udpm_trainer_running{pod="t1"}', '1x40'), ('udpm_trainer_step{pod="t1"}', '500x40'),
     ('udpm_trainer_running{pod="t2"}', '1x40'), ('udpm_trainer_step{pod="t2"}', '0+100x40'),
     ('udpm_trainer_running{pod="t3"}', '0x40'), ('udpm_trainer_step{pod="t3"}', '900x40')], "40m", ['{pod="t1"}']),
]


def dashboard_exprs(node, found):
    if isinstance(node, dict):
        for key, value in node.items():
            if key == "expr":
                found.append(value.replace("$__rate_interval", "5m"))
            else:
                dashboard_exprs(value, found)
    elif isinstance(node, list):
        for item in node:
            dashboard_exprs(item, found)
    return found


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    (tmp / "rules.yaml").write_text(yaml.safe_dump(rules, sort_keys=False))
    queries = dashboard_exprs(dashboard, [])
    (tmp / "dashboard.yaml").write_text(yaml.safe_dump({"groups": [{"name": "dashboard", "rules": [
        {"record": "dashboard:q%d" % i, "expr": q} for i, q in enumerate(queries)]}]}))
    tests = []
    for alert, by, series, at, expected in cases:
        query = "count by (%s) (%s)" % (by, expr[alert]) if by else "count(%s)" % expr[alert]
        tests.append({"interval": "1m",
                      "input_series": [{"series": s, "values": v} for s, v in series],
                      "promql_expr_test": [{"expr": query, "eval_time": at,
                                            "exp_samples": [{"labels": l, "value": 1} for l in expected]}]})
    (tmp / "rules-test.yaml").write_text(yaml.safe_dump(
        {"rule_files": ["rules.yaml"], "evaluation_interval": "1m", "tests": tests}, sort_keys=False))
    failed = 0
    for command in (["promtool", "check", "rules", "rules.yaml", "dashboard.yaml"],
                    ["promtool", "test", "rules", "rules-test.yaml"]):
        failed |= subprocess.run(command, cwd=tmp).returncode
    print("%d alert cases, %d dashboard queries: %s" % (len(cases), len(queries), "FAILED" if failed else "ok"))
    sys.exit(1 if failed else 0)
