#!/usr/bin/env bash
# The pgsafe demo. Needs only a JDK 17+: builds the sample app with the Maven wrapper and runs it against an
# embedded PostgreSQL it starts itself (or the server named by PGSAFE_DEMO_URL, PGSAFE_DEMO_USER,
# PGSAFE_DEMO_PASSWORD; or Testcontainers when Docker is there). Nothing is installed into ~/.m2 but downloads.
set -euo pipefail
cd "$(dirname "$0")"

./mvnw -B -q -pl sample-app -am package -Dmaven.test.skip=true
jar=sample-app/target/pgsafe-sample-app.jar
java -jar "$jar" demo

agent=agent/target/pgsafe-agent.jar
echo
echo "7. The lock queue on plain pgjdbc, the pgsafe agent off and on"
echo "-------------------------------------------------------------"
if [ -f "$agent" ]; then
  java -jar "$jar" lock-queue
  java -javaagent:"$agent" -Dpgsafe.lock-timeout=200ms -Dpgsafe.lock-timeout-retries=10 -Dpgsafe.retry-backoff=100ms \
    -jar "$jar" lock-queue
else
  echo "Skipped: $agent is not built (./mvnw -B -q -pl agent -am package -Dmaven.test.skip=true, then run ./demo.sh again)."
  echo "Without the agent: java -jar $jar lock-queue"
  echo "With the agent:    java -javaagent:$agent -Dpgsafe.lock-timeout=200ms -jar $jar lock-queue"
fi
