#!/usr/bin/env bash
# CI: build the Dockerfile with a real container engine (podman) and run the image as a user would:
# the CLI answers 100014, `npm start` without credentials exits 2 with its message, and the image's
# HEALTHCHECK passes against a started bot. No registry is reachable, so the node:24-slim base is
# built locally first by ../shared/tools/container-base.sh (see its header).
#
# The container shares the host's network namespace (--network host): the fake platform listens on
# 127.0.0.1 only, and nothing here may talk to any address but loopback.
set -euo pipefail
cd "$(dirname "$0")/.."
TOOL=${CONTAINER_TOOL:-../shared/tools/container-base.sh}
IMAGE=errcode:ci
NAME=errcode-ci-$$
t0=$(date +%s)
fake_pid=
cleanup() {
  podman rm -f "$NAME" >/dev/null 2>&1 || true
  if [ -n "$fake_pid" ]; then kill "$fake_pid" 2>/dev/null || true; wait "$fake_pid" 2>/dev/null || true; fi
}
trap cleanup EXIT
fail() { echo "container check FAILED: $*" >&2; exit 1; }

bash "$TOOL" base 24
bash "$TOOL" build -t "$IMAGE" . > /tmp/errcode-image-build.log 2>&1 || { tail -40 /tmp/errcode-image-build.log; fail "podman build"; }
echo "image built in $(( $(date +%s) - t0 )) s"

# 1. The CLI answers inside the container.
out=$(podman run --rm --network none --health-cmd none "$IMAGE" node dist/adapters/cli/main.js 100014)
grep -q 'access token is expired' <<<"$out" || fail "the CLI did not answer 100014: $out"
echo "ok: the CLI answers 100014 in the container"

# 2. npm start with no credentials exits 2 and says what to set.
set +e
err=$(podman run --rm --network none --health-cmd none "$IMAGE" 2>&1 >/dev/null)
rc=$?
set -e
[ "$rc" = 2 ] || fail "npm start without credentials exited $rc, not 2"
grep -q 'no platform credentials are set' <<<"$err" || fail "no credentials message: $err"
echo "ok: npm start without credentials exits 2 with its message"

# 3. A started bot (against the fake Discord on the host) passes the image's own HEALTHCHECK.
npm run -s build:tools
exec 3< <(node dist/scripts/fake-platforms.js --discord)
fake_pid=$!
read -r -t 30 settings <&3 || fail "the fake platform did not start"
api=$(node -e 'console.log(JSON.parse(process.argv[1]).DISCORD_API_URL)' "$settings")
port=$(node -e 'const s=require("node:net").createServer().listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})')
podman run -d --name "$NAME" --network host --health-interval disable \
  -e DISCORD_TOKEN=fake-platform-discord-token -e DISCORD_API_URL="$api" -e PORT="$port" "$IMAGE" >/dev/null
healthy=
for _ in $(seq 1 60); do
  if podman healthcheck run "$NAME" >/dev/null 2>&1; then healthy=1; break; fi
  [ "$(podman inspect -f '{{.State.Running}}' "$NAME")" = true ] || { podman logs "$NAME" | tail -20; fail "the bot exited"; }
  sleep 1
done
[ -n "$healthy" ] || { podman logs "$NAME" | tail -20; fail "HEALTHCHECK never passed"; }
podman logs "$NAME" 2>&1 | grep -q '"event":"started"' || fail "no started log line"
echo "ok: HEALTHCHECK passes against the started bot"

# 4. docker stop: SIGTERM reaches node (PID 1) and it exits 0 promptly.
podman stop -t 20 "$NAME" >/dev/null
code=$(podman inspect -f '{{.State.ExitCode}}' "$NAME")
[ "$code" = 0 ] || { podman logs "$NAME" | tail -20; fail "stop: exit code $code, not 0"; }
echo "ok: SIGTERM stops the container with exit 0"
echo "container check passed in $(( $(date +%s) - t0 )) s"
