#!/usr/bin/env bash
# The pgsafe demo. Needs only a JDK 17+: builds the sample app and the agent with the Maven wrapper and runs the app
# against an embedded PostgreSQL it starts itself (or the server named by PGSAFE_DEMO_URL, PGSAFE_DEMO_USER,
# PGSAFE_DEMO_PASSWORD; or Testcontainers when Docker is there). Nothing is installed into ~/.m2 but downloads.
#
#   ./demo.sh            the demo; pgsafe's spans are printed ("span" lines) and its meters summed at the end
#   ./demo.sh --zipkin   the same, and the spans also go to a Zipkin server on 127.0.0.1:9411 (started here from
#                        io.zipkin:zipkin-server:3.6.1:exec unless one already answers; left running at the end)
#                        (or PGSAFE_DEMO_ZIPKIN=1)
set -euo pipefail
cd "$(dirname "$0")"

zipkin="${PGSAFE_DEMO_ZIPKIN:-0}"
for arg in "$@"; do
  case "$arg" in
    --zipkin) zipkin=1 ;;
    *) echo "usage: $0 [--zipkin]" >&2; exit 2 ;;
  esac
done

# The agent module comes along: sample-app depends on it (test scope) so the reactor builds agent/target/pgsafe-agent.jar.
./mvnw -B -q -pl sample-app,agent -am package -Dmaven.test.skip=true
jar=sample-app/target/pgsafe-sample-app.jar
agent=agent/target/pgsafe-agent.jar

if [ "$zipkin" = 1 ]; then
  export PGSAFE_DEMO_ZIPKIN=1
  if curl -sf http://127.0.0.1:9411/health >/dev/null 2>&1; then
    echo "Zipkin: already running at http://127.0.0.1:9411/zipkin/"
  else
    dir=target/zipkin
    zjar=$dir/zipkin-server-3.6.1-exec.jar
    if [ ! -f "$zjar" ]; then
      ./mvnw -B -q -N dependency:copy -Dartifact=io.zipkin:zipkin-server:3.6.1:jar:exec -DoutputDirectory="$dir" \
        -Dtransitive=false
    fi
    # All three armeria keys: setting only the ip replaces the port list, and the port becomes random.
    nohup java -Xmx128m -XX:+UseSerialGC -jar "$zjar" --armeria.ports[0].port=9411 --armeria.ports[0].ip=127.0.0.1 \
      --armeria.ports[0].protocols[0]=http >"$dir/zipkin.log" 2>&1 &
    echo $! >"$dir/zipkin.pid"
    printf 'Zipkin: starting on 127.0.0.1:9411 (pid %s, log %s) ' "$(cat "$dir/zipkin.pid")" "$dir/zipkin.log"
    for _ in $(seq 1 240); do
      curl -sf http://127.0.0.1:9411/health >/dev/null 2>&1 && break
      kill -0 "$(cat "$dir/zipkin.pid")" 2>/dev/null || { echo; echo "Zipkin did not start; see $dir/zipkin.log" >&2; exit 1; }
      sleep 0.25
    done
    curl -sf http://127.0.0.1:9411/health >/dev/null || { echo; echo "Zipkin not up after 60 s; see $dir/zipkin.log" >&2; exit 1; }
    echo "ready"
  fi
fi

status=0
java -jar "$jar" demo || status=$?

echo
echo "7. The lock queue on plain pgjdbc, the pgsafe agent off and on"
echo "-------------------------------------------------------------"
if [ -f "$agent" ]; then
  log=$(mktemp)
  java -jar "$jar" lock-queue | tee "$log"
  java -Xshare:off -javaagent:"$agent" -Dpgsafe.lock-timeout=200ms -Dpgsafe.lock-timeout-retries=10 -Dpgsafe.retry-backoff=100ms \
    -jar "$jar" lock-queue | tee -a "$log"
  figures=($(sed -n 's/.*readers:.* p99 *\([0-9.]*\) ms *max *\([0-9.]*\) ms.*/\1 \2/p' "$log"))
  rm -f "$log"
  echo "Readers' p99 / worst wait: ${figures[0]:-?} / ${figures[1]:-?} ms without the agent," \
    "${figures[2]:-?} / ${figures[3]:-?} ms with -javaagent:$agent (no code or configuration change in the app)."
else
  echo "Skipped: $agent is not built (./mvnw -B -q -pl agent -am package -Dmaven.test.skip=true, then run ./demo.sh again)."
fi

if [ "$zipkin" = 1 ] && [ -f target/zipkin/zipkin.pid ] && kill -0 "$(cat target/zipkin/zipkin.pid)" 2>/dev/null; then
  echo
  echo "Zipkin is still running: http://127.0.0.1:9411/zipkin/ (the trace links are in scene 6)."
  echo "Stop it with: kill $(cat target/zipkin/zipkin.pid)"
fi
exit $status
