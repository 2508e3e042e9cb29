#!/usr/bin/env bash
# The chat relay demo, in one command: three relays on this machine, an owner, members, a relay
# going down, a second owner, and a relay that turns malicious and is caught by the members.
#
#   scripts/demo.sh
#
# Needs JDK 17 and Maven (it builds the jars if they are missing; DEMO_REBUILD=1 forces it).
# Each relay runs its own embedded PostgreSQL under a temporary directory, or, when RELAY_DB_URL
# names a PostgreSQL server (e.g. postgresql://postgres@127.0.0.1:5432/test, a user allowed to
# create databases, and psql installed), a database of its own on it, dropped at the end.
# Everything the demo starts is stopped on exit (also on Ctrl-C). DEMO_KEEP=1 keeps the
# temporary directory (relay logs, each user's client state). DEMO_PORT_BASE chooses the ports
# (base .. base+3; default: a free range picked at random).
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
SERVER_JAR=$ROOT/server/target/relay-server.jar
CLI_JAR=$ROOT/client/target/relay-cli.jar

bold=$'\e[1m'; dim=$'\e[2m'; red=$'\e[31m'; green=$'\e[32m'; off=$'\e[0m'
if [[ ! -t 1 ]]; then bold=; dim=; red=; green=; off=; fi

step() { printf '\n%s== %s ==%s\n' "$bold" "$1" "$off"; shift; for l in "$@"; do printf '   %s\n' "$l"; done; }
fail() { printf '%sDEMO FAILED: %s%s\n' "$red" "$1" "$off" >&2; exit 1; }

if [[ ! -f $SERVER_JAR || ! -f $CLI_JAR || ${DEMO_REBUILD:-0} == 1 ]]; then
  step "Building" "mvn package (tests skipped; run 'mvn verify' for those)"
  (cd "$ROOT" && mvn -B -q package -DskipTests)
fi

WORK=$(mktemp -d -t chat-relay-demo.XXXXXX)
PIDS=()
DATABASES=()
DB_BASE=
if [[ -n ${RELAY_DB_URL:-} ]]; then
  command -v psql >/dev/null || fail "RELAY_DB_URL is set but psql is not installed"
  DB_BASE=${RELAY_DB_URL%%\?*}
  DB_BASE=${DB_BASE%/*}
fi

cleanup() {
  local status=$?
  for pid in "${PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
  for db in "${DATABASES[@]}"; do
    psql "$RELAY_DB_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
  done
  if [[ ${DEMO_KEEP:-0} == 1 ]]; then
    echo "kept $WORK"
  else
    rm -rf "$WORK"
  fi
  exit $status
}
trap cleanup EXIT
trap 'exit 130' INT TERM

port_free() { ! (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
if [[ -n ${DEMO_PORT_BASE:-} ]]; then
  BASE=$DEMO_PORT_BASE
else
  for _ in $(seq 50); do
    BASE=$((20000 + RANDOM % 30000))
    port_free $BASE && port_free $((BASE + 1)) && port_free $((BASE + 2)) && port_free $((BASE + 3)) && break
  done
fi
P1=$BASE; P2=$((BASE + 1)); P3=$((BASE + 2)); P3_PUBLIC=$((BASE + 3))

# ---- relays ----------------------------------------------------------------------------------
start_relay() { # n port [extra args…]
  local n=$1 port=$2; shift 2
  local dir=$WORK/relay$n db_args=()
  mkdir -p "$dir"
  if [[ -n $DB_BASE ]]; then
    local db="chat_relay_demo_$$_$n"
    psql "$RELAY_DB_URL" -qc "CREATE DATABASE $db" >/dev/null
    DATABASES+=("$db")
    db_args=(--db-url "$DB_BASE/$db")
  fi
  # Each relay gets its own store: RELAY_DB_URL is for this script, not for the relays.
  env -u RELAY_DB_URL java -jar "$SERVER_JAR" --host 127.0.0.1 --port "$port" --tls plain \
    --public-host 127.0.0.1 --data-dir "$dir/data" --no-qr "${db_args[@]}" "$@" \
    >"$dir/relay.log" 2>&1 &
  PIDS+=($!)
  eval "RELAY${n}_PID=$!"
}

await_relay() { # n
  local log=$WORK/relay$1/relay.log
  for _ in $(seq 240); do
    if grep -q '^relay address: ' "$log" 2>/dev/null; then
      sed -n 's/^relay address: //p' "$log"
      return
    fi
    local pid_var="RELAY$1_PID"
    kill -0 "${!pid_var}" 2>/dev/null || { cat "$log" >&2; fail "relay $1 did not start"; }
    sleep 0.5
  done
  fail "relay $1 did not print its address within 2 minutes (see $log)"
}

start_proxy() { # mode
  java -jar "$CLI_JAR" demo-tamper-proxy --listen "$P3_PUBLIC" --to "127.0.0.1:$P3" --mode "$1" \
    >"$WORK/proxy-$1.log" 2>&1 &
  PROXY_PID=$!
  PIDS+=($PROXY_PID)
  for _ in $(seq 60); do
    grep -q 'tamper proxy' "$WORK/proxy-$1.log" 2>/dev/null && return
    sleep 0.5
  done
  fail "the tamper proxy did not start (see $WORK/proxy-$1.log)"
}

stop_pid() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

# ---- users -----------------------------------------------------------------------------------
# cli USER ARGS…: runs relay-cli with USER's own home; shows stdout (|) and stderr (!) indented;
# the output is kept in $OUT and $ERR for the checks.
cli() {
  local user=$1; shift
  printf '%s$ relay-cli --home %s %s%s\n' "$dim" "$user" "$*" "$off"
  set +e
  OUT=$(java -jar "$CLI_JAR" --plain --home "$WORK/home-$user" "$@" 2>"$WORK/stderr")
  STATUS=$?
  set -e
  ERR=$(cat "$WORK/stderr")
  [[ -n $OUT ]] && printf '%s\n' "$OUT" | sed 's/^/   | /'
  [[ -n $ERR ]] && printf '%s\n' "$ERR" | sed "s/^/   ${red}!${off} /"
  return 0
}
expect_ok() { [[ $STATUS == 0 ]] || fail "$1 (exit $STATUS)"; }
expect_out() { grep -qF -- "$1" <<<"$OUT" || fail "expected '$1' in the output"; }
expect_err() { grep -qF -- "$1" <<<"$ERR" || fail "expected '$1' on stderr"; }
refute_out() { ! grep -qF -- "$1" <<<"$OUT" || fail "'$1' must not be shown"; }
ok() { printf '   %s✓ %s%s\n' "$green" "$1" "$off"; }

# ---- the story -------------------------------------------------------------------------------
step "1. Three independent relays start" \
  "Each is a separate process with its own identity key and its own database. Relay 3 is" \
  "reached through a proxy (port $P3_PUBLIC) that, for now, forwards everything unchanged."
printf 'relay.public-port=%s\n' "$P3_PUBLIC" >"$WORK/relay3.properties"
start_relay 1 "$P1"
start_relay 2 "$P2"
start_relay 3 "$P3" --config "$WORK/relay3.properties"
R1=$(await_relay 1); R2=$(await_relay 2); R3=$(await_relay 3)
start_proxy none
printf '   relay 1: %s\n   relay 2: %s\n   relay 3: %s\n' "$R1" "$R2" "$R3"

step "2. The owner adds the relays and creates a channel on all three" \
  "The client makes fresh keys for this channel only and invites each relay on its own" \
  "connection; each relay answers with a dedicated address for the channel. The owner signs the" \
  "relay list and the link is printed: its key is the hash of the channel's fixed data, so" \
  "nobody (no relay either) can substitute the owners' keys."
cli owner relays add "$R1"; cli owner relays add "$R2"; cli owner relays add "$R3"
cli owner channel create "Demo News" --description "Announcements, signed by the owners"
expect_ok "channel create"; expect_out "created on 3 of 3 relays"
LINK=$(sed -n 's/^link: //p' <<<"$OUT")
ok "the channel is served by three relays"

step "3. Members join through the link" \
  "Bob and Carol fetch the link data from the relays it names, check it against the link key," \
  "and join with fresh member keys (Carol through two relays only)."
cli bob join "$LINK"; expect_ok "bob join"; expect_out "through 127.0.0.1:$P1, 127.0.0.1:$P2, 127.0.0.1:$P3_PUBLIC"
cli carol join "$LINK" --relays 2; expect_ok "carol join"
ok "both members joined"

step "4. The owner posts; the members read" \
  "Each post is signed by the owner and sent to every relay. Each member gets it from every" \
  "relay it joined, verifies the signature, and shows it once."
cli owner post "Demo News" "Welcome to Demo News!"; expect_out "to 3 of 3 relays"
cli owner post "Demo News" "The meeting is at 10:00 in room 4."
cli bob read "Demo News"; expect_ok "bob read"; expect_out "Welcome to Demo News!"
[[ $(grep -c 'room 4' <<<"$OUT") == 1 ]] || fail "each post must be shown exactly once"
cli carol read "Demo News"; expect_out "The meeting is at 10:00 in room 4."
cli bob read "Demo News"; [[ -z $OUT ]] || fail "a second read shows only new posts"
ok "three copies of each post, each shown once; a second read shows nothing new"

step "5. The relay service log" \
  "Every relay keeps a per-channel log of what happened, readable by the owners only; commands" \
  "in it carry the owner's signature, which the client checks."
cli owner channel suspend "Demo News"; cli owner channel resume "Demo News"
cli owner channel log "Demo News"; expect_out "owner signature verified"

step "6. Relay 1 goes down: nothing is lost" \
  "Posting succeeds as long as one relay takes the post (the failures are named), and members" \
  "read from the relays that still answer."
stop_pid "$RELAY1_PID"
cli owner post "Demo News" "Relay 1 is down, but this still arrives."
expect_ok "post with relay 1 down"; expect_out "to 2 of 3 relays"; expect_err "127.0.0.1:$P1"
cli bob read "Demo News"; expect_ok "bob read"; expect_out "this still arrives"; expect_err "relay 127.0.0.1:$P1 unavailable"
cli carol read "Demo News"; expect_out "this still arrives"
ok "both members read the post through the remaining relays"

step "7. A second owner" \
  "Dave adopts the channel: his client verifies the link data and makes a fresh owner key for" \
  "it. The first owner signs that key into the owner chain; from the new link data every client" \
  "learns that Dave's posts are an owner's."
cli dave channel adopt "$LINK"; expect_ok "adopt"
DAVE_KEY=$(sed -n 's/^owner key: //p' <<<"$OUT")
cli dave post "Demo News" "Dave here, too early"
[[ $STATUS != 0 ]] || fail "dave must not post before he is an owner"
cli owner channel owners add "Demo News" "$DAVE_KEY"; expect_ok "owners add"
cli dave post "Demo News" "Hello from Dave, the second owner."; expect_ok "dave post"
cli bob read "Demo News"; expect_out "owner:${DAVE_KEY:0:8} Hello from Dave"
ok "Dave's post is shown as an owner's"

step "8. Relay 3 turns malicious: it rewrites posts" \
  "The proxy in front of relay 3 now changes the text of every post it delivers (keeping the" \
  "signature). Members check the owners' signature on every post: the altered copy is reported" \
  "and never shown; the genuine copy from relay 2 is."
stop_pid "$PROXY_PID"; start_proxy post
cli owner post "Demo News" "Pay invoices only to the account on our website."
cli bob read "Demo News"; expect_ok "bob read"
expect_out "Pay invoices only to the account on our website."
refute_out "rewritten by the relay"
expect_err "rejected post"; expect_err "from relay 127.0.0.1:$P3_PUBLIC"; expect_err "BAD_SIGNATURE"
ok "the rewritten post was rejected, naming relay 3; the genuine one was shown"

step "9. Relay 3 rewrites the channel's link data" \
  "Now it serves altered link data (another channel name) to whoever asks. A new member, Erin," \
  "checks every copy against the link key and the owners' signature: relay 3's copy is refused," \
  "and the genuine data from relay 2 is used."
stop_pid "$PROXY_PID"; start_proxy linkdata
cli erin join "$LINK"; expect_ok "erin join"
expect_out "joined channel 'Demo News'"; expect_err "127.0.0.1:$P3_PUBLIC"; expect_err "BAD_SIGNATURE"
ok "the altered link data was refused; Erin joined the genuine channel"

step "Done" \
  "Three relays, one down, one malicious: the members read every post the owners signed, and" \
  "only those. Logs and state: $WORK (kept with DEMO_KEEP=1)."
