#!/usr/bin/env bash
# Creates profiles p0 … p<N-1> through the running frontend's API (POST /api/profiles), 16 at a time.
# A profile that already exists answers 409 and is left as it is, so running it twice is harmless.
# Usage: bench/seed-profiles.sh N [frontend URL, default http://127.0.0.1:5080] [API key]
set -euo pipefail
count="${1:?usage: seed-profiles.sh N [url] [api-key]}"
url="${2:-http://127.0.0.1:5080}"
key="${3:-}"
headers=(-H 'Content-Type: application/json')
if [[ -n "$key" ]]; then headers+=(-H "X-Api-Key: $key"); fi
export url
seq 0 $((count - 1)) | xargs -P 16 -I{} curl -s -o /dev/null -w '%{http_code}\n' -X POST "$url/api/profiles" "${headers[@]}" \
  -d '{"id":"p{}","name":"Profile {}","model":"gpt-4o","system_prompt":"You are a helpful assistant.","temperature":0.7}' \
  | sort | uniq -c
