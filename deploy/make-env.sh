#!/usr/bin/env bash
# Prints a deploy/.env for compose.yaml with freshly generated secrets (hex: safe inside URIs).
#   ./deploy/make-env.sh https://beteiligung.example.org > deploy/.env && chmod 600 deploy/.env
# Keep the file out of version control (.gitignore lists it); it is the only copy of the passwords.
set -euo pipefail
secret() { od -An -N24 -tx1 /dev/urandom | tr -d ' \n'; }
cluster_id() { head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=\n'; }
cat <<ENV
PUBLIC_URL=${1:-http://localhost:8080}
MONGO_ROOT_PASSWORD=$(secret)
GATEWAY_DB_PASSWORD=$(secret)
IDEAS_DB_PASSWORD=$(secret)
VOTING_DB_PASSWORD=$(secret)
EXHIBITIONS_DB_PASSWORD=$(secret)
HACKATHONS_DB_PASSWORD=$(secret)
PSEUDONYM_KEY=$(secret)
KAFKA_CLUSTER_ID=$(cluster_id)
ENV
