# shellcheck shell=bash
# RabbitMQ for ./eartag up --instances N (N > 1): a private node under <repo>/.data/rabbitmq, never the system service.
# Sourced by ./eartag after scripts/pg.sh. Provides ensure_rabbitmq and stop_rabbitmq.
#
# The node has its own data and log folders, node name, AMQP and distribution ports, and its own Erlang cookie (HOME
# points into .data), so it neither sees nor disturbs a system RabbitMQ. A node already running on the port (another
# eartag run) is reused; the node is stopped at the end only by the run that started it.

EARTAG_ROOT="${EARTAG_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}"
EARTAG_DATA="${EARTAG_DATA:-$EARTAG_ROOT/.data}"
EARTAG_RABBIT_PORT="${EARTAG_RABBIT_PORT:-55672}"
# Not RabbitMQ's usual AMQP + 20000: 55672 + 20000 is past the last port.
EARTAG_RABBIT_DIST_PORT="${EARTAG_RABBIT_DIST_PORT:-$((EARTAG_RABBIT_PORT + 1))}"
RABBIT_DIR="$EARTAG_DATA/rabbitmq/$EARTAG_RABBIT_PORT"
RABBIT_NODENAME="eartag$EARTAG_RABBIT_PORT@localhost"
# The package's own scripts: /usr/sbin/rabbitmq-* would switch to the rabbitmq user and the system node's folders.
RABBIT_BIN="${EARTAG_RABBIT_BIN:-/usr/lib/rabbitmq/bin}"
RABBIT_STARTED=0
RABBIT_PID=""

rabbit_say() { printf 'eartag: %s\n' "$*" >&2; }

rabbit_install() {
  if [[ $(id -u) -ne 0 ]]; then
    rabbit_say "RabbitMQ server scripts not found under $RABBIT_BIN."
    rabbit_say "Install Debian's package first:  sudo apt-get install -y rabbitmq-server"
    exit 1
  fi
  rabbit_say "installing RabbitMQ (apt-get install rabbitmq-server)..."
  apt-get update -qq
  # The package may start its own system node (port 5672); ours is separate and leaves it alone.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq rabbitmq-server >/dev/null
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || { rabbit_say "apt-get installed rabbitmq-server but $RABBIT_BIN/rabbitmq-server is missing"; exit 1; }
}

# Everything that makes the node private; exported for rabbitmq-server and rabbitmqctl alike.
rabbit_env() {
  export HOME="$RABBIT_DIR/home"
  export RABBITMQ_NODENAME="$RABBIT_NODENAME"
  export RABBITMQ_NODE_IP_ADDRESS=127.0.0.1
  export RABBITMQ_NODE_PORT="$EARTAG_RABBIT_PORT"
  export RABBITMQ_DIST_PORT="$EARTAG_RABBIT_DIST_PORT"
  export RABBITMQ_MNESIA_BASE="$RABBIT_DIR/mnesia"
  export RABBITMQ_LOG_BASE="$RABBIT_DIR/log"
  export RABBITMQ_CONFIG_FILE="$RABBIT_DIR/rabbitmq.conf"
  export RABBITMQ_ENABLED_PLUGINS_FILE="$RABBIT_DIR/enabled_plugins"
  export RABBITMQ_CONF_ENV_FILE="$RABBIT_DIR/rabbitmq-env.conf"
  export RABBITMQ_PID_FILE="$RABBIT_DIR/rabbit.pid"
  # Erlang writes a crash dump into the working directory (the repo) unless told otherwise.
  export ERL_CRASH_DUMP="$RABBIT_DIR/erl_crash.dump"
}

rabbit_ctl() { (rabbit_env && "$RABBIT_BIN/rabbitmqctl" "$@"); }

rabbit_answers() { rabbit_ctl -q status >/dev/null 2>&1; }

ensure_rabbitmq() {
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || rabbit_install
  mkdir -p "$RABBIT_DIR/home" "$RABBIT_DIR/mnesia" "$RABBIT_DIR/log"
  if [[ ! -f "$RABBIT_DIR/home/.erlang.cookie" ]]; then
    # A cookie of our own: rabbitmqctl reaches only this node, and nothing that knows the system cookie reaches it.
    head -c 24 /dev/urandom | od -An -tx1 | tr -d ' \n' >"$RABBIT_DIR/home/.erlang.cookie"
    chmod 400 "$RABBIT_DIR/home/.erlang.cookie"
  fi
  : >"$RABBIT_DIR/rabbitmq-env.conf"
  printf '[].\n' >"$RABBIT_DIR/enabled_plugins"
  cat >"$RABBIT_DIR/rabbitmq.conf" <<CONF
# written by scripts/rabbitmq.sh on every start; edit there, not here
listeners.tcp.default = 127.0.0.1:$EARTAG_RABBIT_PORT
# guest/guest, loopback only (RabbitMQ's default)
loopback_users.guest = true
CONF
  export Messaging__RabbitMqHost="127.0.0.1" Messaging__RabbitMqPort="$EARTAG_RABBIT_PORT"
  if rabbit_answers; then
    rabbit_say "reusing the private RabbitMQ node already running on 127.0.0.1:$EARTAG_RABBIT_PORT"
    return 0
  fi
  if port_open "$EARTAG_RABBIT_PORT" || port_open "$EARTAG_RABBIT_DIST_PORT"; then
    rabbit_say "port $EARTAG_RABBIT_PORT or $EARTAG_RABBIT_DIST_PORT is taken by something else; set EARTAG_RABBIT_PORT"
    exit 1
  fi
  rabbit_say "starting a private RabbitMQ node on 127.0.0.1:$EARTAG_RABBIT_PORT (logs: $RABBIT_DIR/log)"
  (rabbit_env && exec setsid "$RABBIT_BIN/rabbitmq-server" >"$RABBIT_DIR/log/console.log" 2>&1 </dev/null) &
  RABBIT_PID=$!
  RABBIT_STARTED=1
  local i
  for ((i = 0; i < 120; i++)); do
    if rabbit_answers; then
      rabbit_say "RabbitMQ node $RABBIT_NODENAME is up"
      return 0
    fi
    if ! kill -0 "$RABBIT_PID" 2>/dev/null; then break; fi
    sleep 1
  done
  tail -n 30 "$RABBIT_DIR/log/console.log" >&2 || true
  rabbit_say "RabbitMQ did not answer on 127.0.0.1:$EARTAG_RABBIT_PORT (logs: $RABBIT_DIR/log)"
  stop_rabbitmq
  exit 1
}

# For ./eartag test: the node, plus an empty virtual host eartag-tests, so a test's queues never meet those of an
# `up` on the same node nor messages left by an earlier run. A port held by someone else's node is not an error
# here: the tests that need RabbitMQ say they did not run.
ensure_rabbitmq_for_tests() {
  if [[ "${EARTAG_RABBITMQ:-on}" == off ]]; then
    rabbit_say "EARTAG_RABBITMQ=off: the RabbitMQ fault test will not run"
    return 0
  fi
  [[ -x "$RABBIT_BIN/rabbitmq-server" ]] || rabbit_install
  if ! rabbit_answers && { port_open "$EARTAG_RABBIT_PORT" || port_open "$EARTAG_RABBIT_DIST_PORT"; }; then
    rabbit_say "port $EARTAG_RABBIT_PORT is held by another node: the RabbitMQ fault test will not run (set EARTAG_RABBIT_PORT)"
    return 0
  fi
  ensure_rabbitmq
  rabbit_ctl -q delete_vhost eartag-tests >/dev/null 2>&1 || true
  rabbit_ctl -q add_vhost eartag-tests >/dev/null
  rabbit_ctl -q set_permissions -p eartag-tests guest '.*' '.*' '.*' >/dev/null
  export EARTAG_TEST_RABBITMQ="127.0.0.1:$EARTAG_RABBIT_PORT"
}

# Stops the node if this run started it.
stop_rabbitmq() {
  [[ $RABBIT_STARTED -eq 1 ]] || return 0
  RABBIT_STARTED=0
  rabbit_say "stopping the private RabbitMQ node"
  rabbit_ctl -q shutdown >/dev/null 2>&1 || rabbit_ctl -q stop >/dev/null 2>&1 || true
  local t
  for ((t = 0; t < 30; t++)); do
    kill -0 "$RABBIT_PID" 2>/dev/null || break
    sleep 0.5
  done
  if kill -0 "$RABBIT_PID" 2>/dev/null; then
    rabbit_say "RabbitMQ did not stop in 15 s; killing it"
    kill -KILL -- "-$RABBIT_PID" 2>/dev/null || kill -KILL "$RABBIT_PID" 2>/dev/null || true
  fi
  wait "$RABBIT_PID" 2>/dev/null || true
}
