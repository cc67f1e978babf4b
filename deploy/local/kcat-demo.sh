#!/usr/bin/env bash
# Submit a UDPM job with kcat (Debian package `kcat`) and wait for its result event: no Java, no UDPM client.
#
#   deploy/local/kcat-demo.sh MODEL [COUNT] [SEED] [LABELS]
#
# LABELS: class labels used in turn, comma-separated (default 0,1,2,3,4,5,6,7,8,9 for the class-conditional
# Fashion-MNIST model); an empty string sends none (an unconditional model).
# Writes a `generate` job to udpm.jobs (key = jobId, CloudEvents binary-mode headers ce_*), then reads
# udpm.job-events until the job's completed / failed / cancelled event, printing every event of the job.
# Environment: UDPM_BOOTSTRAP_SERVERS (default 127.0.0.1:9092, the local fleet), JOB_ID (default kcat-<time>-<pid>),
# TIMEOUT seconds (default 300). Exit code: 0 completed, 1 failed, 3 cancelled, 4 timed out, 2 bad usage.
set -euo pipefail

model=${1:-}
count=${2:-4}
seed=${3:-1}
labels=${4-0,1,2,3,4,5,6,7,8,9}
if [ -z "$model" ]; then
  echo "usage: $0 MODEL [COUNT] [SEED] [LABELS]   (model names: ./udpm models, or ./udpm models --api)" >&2
  exit 2
fi
command -v kcat >/dev/null || { echo "kcat is not installed: apt-get install -y kcat" >&2; exit 2; }

bootstrap=${UDPM_BOOTSTRAP_SERVERS:-127.0.0.1:9092}
job_id=${JOB_ID:-kcat-$(date -u +%Y%m%d-%H%M%S)-$$}
timeout=${TIMEOUT:-300}
now=$(date -u +%Y-%m-%dT%H:%M:%S.%3NZ)

# The request: job-request.schema.json, type generate (schemas/examples/valid/ has one of every type).
class_labels=${labels:+,\"classLabels\":[$labels]}
job=$(printf '{"type":"generate","jobId":"%s","submittedAt":"%s","model":{"name":"%s"},"count":%d,"seed":%d%s,"output":{"grid":true}}' \
  "$job_id" "$now" "$model" "$count" "$seed" "$class_labels")

echo "submitting $job_id to udpm.jobs on $bootstrap:"
echo "  $job"
printf '%s\n' "$job" | kcat -P -b "$bootstrap" -t udpm.jobs -k "$job_id" \
  -H "ce_id=$(cat /proc/sys/kernel/random/uuid)" \
  -H "ce_source=/udpm/kcat-demo" \
  -H "ce_type=dev.udpm.job.request.v1" \
  -H "ce_specversion=1.0" \
  -H "ce_time=$now" \
  -H "content-type=application/json"

echo "waiting for the events of $job_id on udpm.job-events (up to $timeout s) ..."
deadline=$(( $(date +%s) + timeout ))
seen=0
while [ "$(date +%s)" -lt "$deadline" ]; do
  # Every record of the topic from the start (-o beginning), exit at its end (-e); keep this job's values.
  events=$(kcat -C -b "$bootstrap" -t udpm.job-events -o beginning -e -q -f '%k\t%s\n' \
             | awk -F'\t' -v id="$job_id" '$1 == id { print $2 }')
  total=$(printf '%s' "$events" | grep -c . || true)
  if [ "$total" -gt "$seen" ]; then
    printf '%s\n' "$events" | tail -n +"$((seen + 1))" | sed 's/^/  event: /'
    seen=$total
  fi
  case "$events" in
    *'"type":"completed"'*) echo "job $job_id completed; images: ./udpm fetch $job_id --out out/$job_id (or deploy/local/s3cmd.sh)"; exit 0 ;;
    *'"type":"failed"'*)    echo "job $job_id failed" >&2; exit 1 ;;
    *'"type":"cancelled"'*) echo "job $job_id was cancelled" >&2; exit 3 ;;
  esac
  sleep 1
done
echo "no result for $job_id within $timeout s: is a worker running? ./local-fleet status" >&2
exit 4
