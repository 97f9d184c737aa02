// Prints the benchmark table from the runner's results file (lines "KIND KEY VALUE",
// KIND = cpp (chat_server) | app (examples/chat_server/app.q under quest serve) | node).
// Each server's column is followed by its ratio against Node. Usage (done by ./run):
//   node print_table.mjs RESULTS N_SMALL N_LARGE STORM_USERS STORM_TIMEOUT_S STEADY_DELIVERIES
import { readFileSync } from 'node:fs';

const [file, small, large, stormUsers, stormTimeout, steady] = process.argv.slice(2);
const kinds = ['cpp', 'app', 'node'];
const results = { cpp: {}, app: {}, node: {} };
for (const line of readFileSync(file, 'utf8').split('\n')) {
  const [kind, key, value] = line.split(' ');
  if (results[kind]) results[kind][key] = Number(value);
}

const count = (n) => Number(n).toLocaleString('en-US');
const rows = [];
const section = (title) => rows.push({ title });
// better: 'higher' | 'lower' — which direction is good, shown next to the ratio.
const row = (name, key, better) => rows.push({ name, key, better });

for (const n of [small, large]) {
  const rate = Math.max(1, Math.floor(steady / n));
  section(`fan-out, N=${count(n)} subscribers, steady ${rate} msg/s (${count(n * rate)} deliveries/s offered)`);
  row('p50 publish-to-receive latency (ms)', `fanout${n}.steady.latency_p50_ms`, 'lower');
  row('p99 publish-to-receive latency (ms)', `fanout${n}.steady.latency_p99_ms`, 'lower');
  row('delivered (%)', `fanout${n}.steady.delivered_percent`, 'higher');
  section(`fan-out, N=${count(n)} subscribers, saturated (16 messages in flight)`);
  row('deliveries/s', `fanout${n}.saturated.deliveries_per_s`, 'higher');
  row('server CPU per delivery (us)', `fanout${n}.saturated.server_cpu_us_per_delivery`, 'lower');
  row('p50 latency (ms)', `fanout${n}.saturated.latency_p50_ms`, 'lower');
  row('p99 latency (ms)', `fanout${n}.saturated.latency_p99_ms`, 'lower');
}
section('raw echo on /echo (one 64-byte message in flight per connection)');
row('round trips/s', 'echo.round_trips_per_s', 'higher');
row('p99 round trip (ms)', 'echo.rtt_p99_ms', 'lower');
row('server CPU per round trip (us)', 'echo.server_cpu_us_per_round_trip', 'lower');
section('memory, idle joined connections (bench: topic, no presence)');
row('KiB per connection', 'memory.kib_per_connection', 'lower');
row('server RSS before (MiB)', 'memory.rss_before_mib', 'lower');
section('memory, idle joined connections with presence (room: topic, one user each)');
row('KiB per connection', 'memory_presence.kib_per_connection', 'lower');
section(`fan-out across two nodes through Redis, N=${count(large)} (${count(large / 2)} per node), saturated`);
row('deliveries/s (both nodes)', `crossnode${large}.saturated.deliveries_per_s`, 'higher');
row('p50 latency (ms)', `crossnode${large}.saturated.latency_p50_ms`, 'lower');
row('p99 latency (ms)', `crossnode${large}.saturated.latency_p99_ms`, 'lower');
row('delivered (%)', `crossnode${large}.saturated.delivered_percent`, 'higher');
section(`join storm, ${count(stormUsers)} users into one room: topic with presence`);
row(`seconds until every list is complete`, 'storm.seconds_to_complete', 'lower');
row('clients with a complete list', 'storm.clients_complete', 'higher');
row('frames received per client (avg)', 'storm.frames_per_client_avg', 'lower');
row('server CPU per join (ms)', 'storm.server_cpu_us_per_join', 'lower');

function format(value, key) {
  if (value === undefined || Number.isNaN(value)) return 'n/a';
  if (key === 'storm.seconds_to_complete' && value < 0) return `>${stormTimeout}`;
  if (key === 'storm.server_cpu_us_per_join') value /= 1000;
  if (Math.abs(value) >= 1000 || Number.isInteger(value)) return Math.round(value).toLocaleString('en-US');
  return value >= 100 ? value.toFixed(0) : value >= 10 ? value.toFixed(1) : value.toFixed(2);
}

function ratio(server, node, key) {
  if (server === undefined || node === undefined) return 'n/a';
  const timedOut = (v) => key === 'storm.seconds_to_complete' && v < 0;
  if (timedOut(server) && timedOut(node)) return 'both >cap';
  if (timedOut(node)) return `< ${(server / stormTimeout).toFixed(2)}x`;
  if (timedOut(server)) return `> ${(stormTimeout / node).toFixed(2)}x`;
  if (node === 0) return server === 0 ? '1.00x' : 'node 0';
  const value = server / node;
  return value > 0 && value < 0.1 ? `${value.toPrecision(2)}x` : `${value.toFixed(2)}x`;
}

const width = [44, 12, 12, 12, 10, 10];
const line = (cells) => cells.map((c, i) => (i === 0 ? c.padEnd(width[i]) : c.padStart(width[i]))).join('');
console.log('servers: cpp = examples/native/chat_server (C++), app = examples/chat_server/app.q under quest serve,');
console.log('         node = bench/channels/node_peer (ws); cpp/node and app/node are plain ratios');
console.log(line(['metric', 'cpp', 'app', 'node', 'cpp/node', 'app/node']));
console.log('-'.repeat(width.reduce((a, b) => a + b) + 10));
// A subset run (SCENARIOS=...) measured some sections only: print those.
const measured = (r) => kinds.some((kind) => results[kind][r.key] !== undefined);
const shown = rows.filter((r, i) => (r.title
  ? rows.slice(i + 1).findIndex((next) => next.title) !== 0
    && rows.slice(i + 1).find((next) => next.title || measured(next))?.key !== undefined
  : measured(r)));
for (const r of shown) {
  if (r.title) { console.log(r.title); continue; }
  const [cpp, app, node] = kinds.map((kind) => results[kind][r.key]);
  console.log(line([`  ${r.name}`, format(cpp, r.key), format(app, r.key), format(node, r.key),
    ratio(cpp, node, r.key), ratio(app, node, r.key)]) + `  (${r.better} is better)`);
}

const stormCapped = kinds.filter((kind) => results[kind]['storm.seconds_to_complete'] < 0);
if (stormCapped.length) {
  console.log(`(join storm: ${stormCapped.join(' and ')} did not finish within ${stormTimeout} s;`
    + ' its frames per client are counted up to that cap)');
}

// Anything that makes a figure suspect is listed under the table.
const problems = [];
for (const kind of kinds) {
  for (const [key, value] of Object.entries(results[kind])) {
    if (/(lost_connections|failed_joins|join_failures|malformed_frames)$/.test(key) && value > 0)
      problems.push(`${kind}: ${key} = ${value}`);
  }
}
// Only a partly empty row is suspect (a subset run leaves whole rows empty).
const missing = rows.filter((r) => r.key && measured(r)
  && kinds.some((kind) => results[kind][r.key] === undefined));
for (const r of missing) problems.push(`missing figure ${r.key}`);
console.log(problems.length ? `problems:\n  ${problems.join('\n  ')}` : 'problems: none (no lost connections, failed joins or malformed frames)');
