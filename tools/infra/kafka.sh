# Apache Kafka in KRaft mode from Maven Central jars. Sourced by ./leadflow.
# KAFKA_NODES=1 (default) runs one combined broker+controller on 127.0.0.1:9092 (controller 9093);
# KAFKA_NODES=3 runs a three-node quorum on 9092/9094/9096 (controllers 9093/9095/9097).
# KAFKA_PORT_BASE moves the first client port (the others follow).

KAFKA_VERSION=${KAFKA_VERSION:-3.9.1}
KAFKA_NODES=${KAFKA_NODES:-1}
KAFKA_JARS=$LEADFLOW_CACHE/kafka-$KAFKA_VERSION
KAFKA_HOME=$DATA_HOME/kafka
KAFKA_HEAP=${KAFKA_HEAP:-768m}

KAFKA_PORT_BASE=${KAFKA_PORT_BASE:-9092}
kafka_client_port()     { echo $((KAFKA_PORT_BASE - 2 + 2 * $1)); }
kafka_controller_port() { echo $((KAFKA_PORT_BASE - 1 + 2 * $1)); }
kafka_pidfile()         { echo "$RUN_DIR/kafka-$1.pid"; }
kafka_node_count() {
  # A running cluster keeps the size it was formatted with.
  if [ -f "$KAFKA_HOME/nodes" ]; then cat "$KAFKA_HOME/nodes"; else echo "$KAFKA_NODES"; fi
}

kafka_brokers() {
  local n i list=
  n=$(kafka_node_count)
  for i in $(seq 1 "$n"); do list+="${list:+,}127.0.0.1:$(kafka_client_port "$i")"; done
  echo "$list"
}

kafka_fetch() {
  if [ -f "$KAFKA_JARS/.complete" ]; then return 0; fi
  command -v java >/dev/null || apt_install openjdk-17-jre-headless
  command -v mvn >/dev/null || apt_install maven
  say "fetching Apache Kafka $KAFKA_VERSION from Maven Central (cached in $KAFKA_JARS)"
  rm -rf "$KAFKA_JARS"
  mvn -B -q -f "$ROOT/tools/infra/kafka/pom.xml" -Dkafka.version="$KAFKA_VERSION" \
    dependency:copy-dependencies -DoutputDirectory="$KAFKA_JARS" -DincludeScope=runtime \
    >"$LOG_DIR/kafka-fetch.log" 2>&1 || die "could not fetch Kafka jars (see $LOG_DIR/kafka-fetch.log)"
  touch "$KAFKA_JARS/.complete"
}

kafka_write_config() {
  local id=$1 n=$2 voters= i dir=$KAFKA_HOME/node-$1
  for i in $(seq 1 "$n"); do voters+="${voters:+,}$i@127.0.0.1:$(kafka_controller_port "$i")"; done
  local rf=$(( n >= 3 ? 3 : 1 )) isr=$(( n >= 3 ? 2 : 1 ))
  mkdir -p "$dir/data"
  cat >"$dir/server.properties" <<PROPS
process.roles=broker,controller
node.id=$id
controller.quorum.voters=$voters
listeners=PLAINTEXT://127.0.0.1:$(kafka_client_port "$id"),CONTROLLER://127.0.0.1:$(kafka_controller_port "$id")
advertised.listeners=PLAINTEXT://127.0.0.1:$(kafka_client_port "$id")
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=CONTROLLER:PLAINTEXT,PLAINTEXT:PLAINTEXT
log.dirs=$dir/data
auto.create.topics.enable=false
num.partitions=3
default.replication.factor=$rf
min.insync.replicas=$isr
unclean.leader.election.enable=false
offsets.topic.replication.factor=$rf
offsets.topic.num.partitions=1
transaction.state.log.replication.factor=$rf
transaction.state.log.min.isr=$isr
group.initial.rebalance.delay.ms=0
log.retention.hours=168
PROPS
}

kafka_up() {
  kafka_fetch
  local n i cluster_id
  n=$(kafka_node_count)
  if [ ! -f "$KAFKA_HOME/cluster-id" ]; then
    mkdir -p "$KAFKA_HOME"
    # 16 random bytes, base64url without padding: the 22-character KRaft cluster id.
    # (one that starts with '-' would be read as an option by the storage tool)
    cluster_id=-
    while [ "${cluster_id#-}" != "$cluster_id" ]; do
      cluster_id=$(head -c 16 /dev/urandom | base64 | tr '+/' '-_' | tr -d '=')
    done
    echo "$cluster_id" >"$KAFKA_HOME/cluster-id"
    echo "$n" >"$KAFKA_HOME/nodes"
  fi
  cluster_id=$(cat "$KAFKA_HOME/cluster-id")
  for i in $(seq 1 "$n"); do
    local pidfile port
    pidfile=$(kafka_pidfile "$i"); port=$(kafka_client_port "$i")
    if pid_alive "$pidfile"; then continue; fi
    if port_open 127.0.0.1 "$port"; then
      if [ "$n" -eq 1 ]; then ok "Kafka already listening on 127.0.0.1:$port — using it"; return 0; fi
      die "port $port is taken by another process"
    fi
    kafka_write_config "$i" "$n"
    java -cp "$KAFKA_JARS/*" kafka.tools.StorageTool format -t "$cluster_id" \
      -c "$KAFKA_HOME/node-$i/server.properties" --ignore-formatted >>"$LOG_DIR/kafka-$i.log" 2>&1 ||
      die "could not format Kafka storage (see $LOG_DIR/kafka-$i.log)"
    say "starting Kafka node $i on 127.0.0.1:$port"
    setsid nohup java -Xms256m -Xmx"$KAFKA_HEAP" -XX:+UseG1GC -Djava.awt.headless=true \
      -Dlog4j.configuration="file:$ROOT/tools/infra/kafka/log4j.properties" \
      -cp "$KAFKA_JARS/*" kafka.Kafka "$KAFKA_HOME/node-$i/server.properties" \
      >>"$LOG_DIR/kafka-$i.log" 2>&1 </dev/null &
    echo $! >"$pidfile"
  done
  for i in $(seq 1 "$n"); do
    wait_until 90 "Kafka node $i" port_open 127.0.0.1 "$(kafka_client_port "$i")" ||
      die "Kafka node $i did not open its port (see $LOG_DIR/kafka-$i.log)"
  done
}

kafka_down() {
  # All nodes at once: a node stopped after the others cannot reach a quorum and would hang.
  local i
  for i in $(seq 1 "$(kafka_node_count)"); do
    pid_alive "$(kafka_pidfile "$i")" && kill -TERM "$(cat "$(kafka_pidfile "$i")")" 2>/dev/null
  done
  for i in $(seq 1 "$(kafka_node_count)"); do stop_pidfile "$(kafka_pidfile "$i")" "Kafka node $i" 30; done
}

# kafka_kill NODE — hard-kill one broker (fault injection); `infra up` restarts it.
kafka_kill() { local p; p=$(kafka_pidfile "$1"); pid_alive "$p" && kill -KILL "$(cat "$p")"; rm -f "$p"; }

kafka_status() {
  local i
  for i in $(seq 1 "$(kafka_node_count)"); do
    if pid_alive "$(kafka_pidfile "$i")"; then ok "kafka-$i  running  127.0.0.1:$(kafka_client_port "$i")  pid $(cat "$(kafka_pidfile "$i")")"
    elif port_open 127.0.0.1 "$(kafka_client_port "$i")"; then ok "kafka-$i  external 127.0.0.1:$(kafka_client_port "$i")"
    else warn "kafka-$i  stopped"; fi
  done
}
