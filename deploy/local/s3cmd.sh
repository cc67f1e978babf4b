#!/usr/bin/env bash
# s3cmd (Debian package `s3cmd`) against the local fleet's S3Proxy, no ~/.s3cfg needed:
#
#   deploy/local/s3cmd.sh ls s3://udpm/jobs/JOB_ID/
#   deploy/local/s3cmd.sh get --recursive s3://udpm/jobs/JOB_ID/ out/JOB_ID/
#
# Environment (defaults = the local fleet): UDPM_S3_ENDPOINT (http://127.0.0.1:9000), UDPM_S3_ACCESS_KEY and
# UDPM_S3_SECRET_KEY (minioadmin). Path-style requests (--host-bucket without %(bucket)s), plain HTTP.
set -euo pipefail
command -v s3cmd >/dev/null || { echo "s3cmd is not installed: apt-get install -y s3cmd" >&2; exit 2; }
endpoint=${UDPM_S3_ENDPOINT:-http://127.0.0.1:9000}
hostport=${endpoint#http://}
exec s3cmd --config=/dev/null --no-ssl --host="$hostport" --host-bucket="$hostport" --region=us-east-1 \
  --access_key="${UDPM_S3_ACCESS_KEY:-minioadmin}" --secret_key="${UDPM_S3_SECRET_KEY:-minioadmin}" "$@"
