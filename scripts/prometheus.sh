# shellcheck shell=bash
# Prometheus for ./eartag up --monitor: Debian's prometheus, private to this run (loopback, its config and data under
# .data/prometheus/<port>), scraping every hub the run started and loading ops/prometheus/alerts.yml. It is one of the
# run's services: supervised like the hubs and stopped with them by the run that started it.
# Sourced by ./eartag after scripts/services.sh.

EARTAG_PROMETHEUS_PORT="${EARTAG_PROMETHEUS_PORT:-9090}"
# How often the hubs are scraped and the rules evaluated (Prometheus's own default is 1m; an operator looking at a
# drill wants less).
EARTAG_PROMETHEUS_INTERVAL="${EARTAG_PROMETHEUS_INTERVAL:-15s}"
PROM_BIN="${EARTAG_PROMETHEUS_BIN:-/usr/bin/prometheus}"
PROM_DIR="$EARTAG_DATA/prometheus/$EARTAG_PROMETHEUS_PORT"
PROM_URL=""

prom_install() {
  if [[ $(id -u) -ne 0 ]]; then
    svc_say "Prometheus not found at $PROM_BIN. Install Debian's package first:  sudo apt-get install -y prometheus"
    exit 1
  fi
  svc_say "installing Prometheus (apt-get install prometheus)..."
  apt-get update -qq
  # The package enables its own system service on 9090; ours is separate (own port, config and data) and leaves it be.
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq prometheus >/dev/null
  [[ -x "$PROM_BIN" ]] || { svc_say "apt-get installed prometheus but $PROM_BIN is missing"; exit 1; }
}

prom_ready() { curl -fs -o /dev/null --max-time 2 "$PROM_URL/-/ready"; }

# Writes the scrape configuration for the hubs in EARTAG_HUB_URLS (host:port each).
prom_write_config() {
  local url targets=""
  for url in "${EARTAG_HUB_URLS[@]}"; do
    targets+="${targets:+, }'${url#http://}'"
  done
  cat >"$PROM_DIR/prometheus.yml" <<CONF
# written by scripts/prometheus.sh on every start; edit there, not here
global:
  scrape_interval: $EARTAG_PROMETHEUS_INTERVAL
  evaluation_interval: $EARTAG_PROMETHEUS_INTERVAL
rule_files:
  - '$EARTAG_ROOT/ops/prometheus/alerts.yml'
scrape_configs:
  - job_name: eartag-hub
    metrics_path: /metrics
    static_configs:
      - targets: [$targets]
CONF
}

start_prometheus() {
  [[ -x "$PROM_BIN" ]] || prom_install
  if port_open "$EARTAG_PROMETHEUS_PORT"; then
    svc_say "port $EARTAG_PROMETHEUS_PORT is already in use (the system prometheus?); set EARTAG_PROMETHEUS_PORT"
    return 1
  fi
  mkdir -p "$PROM_DIR/data"
  prom_write_config
  PROM_URL="http://127.0.0.1:$EARTAG_PROMETHEUS_PORT"
  start_service prometheus "$EARTAG_LOGS/prometheus.log" "$PROM_BIN" --config.file="$PROM_DIR/prometheus.yml" \
    --storage.tsdb.path="$PROM_DIR/data" --storage.tsdb.retention.time=15d \
    --web.listen-address="127.0.0.1:$EARTAG_PROMETHEUS_PORT" --web.console.templates=/dev/null --web.console.libraries=/dev/null
  service_check prom_ready
  wait_until prometheus "${SERVICE_PIDS[-1]}" "$EARTAG_LOGS/prometheus.log" "${EARTAG_READY_TIMEOUT:-120}" prom_ready
}
