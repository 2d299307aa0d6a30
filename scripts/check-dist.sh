#!/usr/bin/env bash
# Fails when dist/ is not what the sources build to (GitHub runs dist/ straight from the repo).
set -euo pipefail
npm run -s build
if [[ -n "$(git status --porcelain -- dist)" ]]; then
  echo "dist/ is stale: run 'npm run build' and commit the result." >&2
  git status --porcelain -- dist >&2
  git diff --stat -- dist >&2 || true
  exit 1
fi
echo "dist/ is current."
