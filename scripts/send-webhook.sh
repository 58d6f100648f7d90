#!/usr/bin/env bash
# Sends a correctly signed completion webhook to Meshwatch, for operators and the docs.
#
#   scripts/send-webhook.sh JOB_ID [completed|failed] [modal|standard]
#
# Environment: MODAL_WEBHOOK_SECRET (the first of a comma-separated list is used),
# MESHWATCH_URL (default http://localhost:8080). "modal" signs with X-Modal-Signature,
# "standard" with Standard Webhooks headers (a whsec_ secret is base64-decoded first).
# Needs bash, openssl, curl and base64.
set -euo pipefail

job_id=${1:?usage: send-webhook.sh JOB_ID [completed|failed] [modal|standard]}
status=${2:-completed}
scheme=${3:-modal}
url=${MESHWATCH_URL:-http://localhost:8080}/api/webhooks/modal
secret=${MODAL_WEBHOOK_SECRET:?set MODAL_WEBHOOK_SECRET}
secret=${secret%%,*}

case "$status" in
  completed) body='{"job_id":"'"$job_id"'","status":"completed","result":{"success":true,"s3_output_path":"s3://bucket/'"$job_id"'/mesh.msh","strategy":"tetrahedral","quality_metrics":{"min_jacobian":0.41,"elements":182344}},"error":null}' ;;
  failed) body='{"job_id":"'"$job_id"'","status":"failed","result":null,"error":"sent by send-webhook.sh"}' ;;
  *) echo "status must be completed or failed" >&2; exit 2 ;;
esac

case "$scheme" in
  modal)
    signature=$(printf '%s' "$body" | openssl dgst -sha256 -hmac "$secret" -hex | sed 's/^.*= //')
    curl -sS -i "$url" -H 'Content-Type: application/json' -H "X-Modal-Signature: sha256=$signature" \
      --data-binary "$body"
    ;;
  standard)
    id="msg_$(openssl rand -hex 12)"
    timestamp=$(date +%s)
    if [[ "$secret" == whsec_* ]]; then
      key_hex=$(printf '%s' "${secret#whsec_}" | base64 -d | od -An -v -tx1 | tr -d ' \n')
    else
      key_hex=$(printf '%s' "$secret" | od -An -v -tx1 | tr -d ' \n')
    fi
    signature=$(printf '%s.%s.%s' "$id" "$timestamp" "$body" \
      | openssl dgst -sha256 -mac HMAC -macopt "hexkey:$key_hex" -binary | base64)
    curl -sS -i "$url" -H 'Content-Type: application/json' -H "webhook-id: $id" \
      -H "webhook-timestamp: $timestamp" -H "webhook-signature: v1,$signature" --data-binary "$body"
    ;;
  *) echo "scheme must be modal or standard" >&2; exit 2 ;;
esac
echo
