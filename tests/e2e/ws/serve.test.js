// The `quest serve` command itself: flags, quest.toml defaults, web.run() inside a
// served app, --watch restarts on the same port, and clear errors for bad use.
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { describe, test } from "node:test";
import { ROOT, startQuest } from "./harness.js";

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

function tempApp(files) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "quest-serve-"));
  for (const [name, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, name), text);
  return dir;
}

const runQuest = (args) => spawnSync(process.env.QUEST, args, {
  encoding: "utf8", env: { ...process.env, QUEST_INCLUDE: path.join(ROOT, "lib") }, timeout: 15_000,
});

const hello = (text) => `fun handle_request(request)\n  {"status": 200, "body": "${text}"}\nend\n`;

describe("quest serve", () => {
  test("prints exactly one listening line", async () => {
    const server = await startQuest(["serve", "examples/echo/app.q", "-p", "0"]);
    assert.equal(server.stdout().match(/listening on /g).length, 1);
    assert.match(server.stdout(), /^listening on http:\/\/127\.0\.0\.1:\d+\n/);
    await server.stop();
  });

  test("takes host and port from [std.web] in quest.toml", async () => {
    const port = await freePort();
    const dir = tempApp({ "app.q": hello("from toml"), "quest.toml": `[std.web]\nhost = "127.0.0.1"\nport = ${port}\n` });
    const server = await startQuest(["serve", path.join(dir, "app.q")]);
    assert.equal(server.port, port);
    assert.equal(await (await fetch(server.url("/"))).text(), "from toml");
    await server.stop();
  });

  test("flags win over quest.toml", async () => {
    const dir = tempApp({ "app.q": hello("flags"), "quest.toml": "[std.web]\nport = 1\n" });
    const server = await startQuest(["serve", path.join(dir, "app.q"), "--host", "127.0.0.1", "--port", "0"]);
    assert.notEqual(server.port, 1);
    await server.stop();
  });

  test("a served app that calls web.run() is served by that call, flags winning", async () => {
    const dir = tempApp({ "app.q": `use "std/web" as web\n${hello("run inside serve")}web.run("127.0.0.1", 1)\n` });
    const server = await startQuest(["serve", path.join(dir, "app.q"), "--port", "0"]);
    assert.notEqual(server.port, 1);
    assert.equal(await (await fetch(server.url("/"))).text(), "run inside serve");
    await server.stop();
  });

  test("--watch restarts on a change, on the same port", async () => {
    const port = await freePort();
    const dir = tempApp({ "app.q": hello("version 1") });
    const server = await startQuest(["serve", path.join(dir, "app.q"), "--port", String(port), "--watch"]);
    assert.equal(await (await fetch(server.url("/"))).text(), "version 1");
    await new Promise((resolve) => setTimeout(resolve, 1100));  // a later mtime
    fs.writeFileSync(path.join(dir, "app.q"), hello("version 2"));
    const until = Date.now() + 15_000;
    let body = "";
    while (Date.now() < until) {
      try { body = await (await fetch(`http://127.0.0.1:${port}/`)).text(); } catch { body = ""; }
      if (body === "version 2") break;
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
    assert.equal(body, "version 2");
    await server.stop();
  });

  test("bad use gets a clear message and exit status", () => {
    const unknown = runQuest(["serve", "examples/echo/app.q", "--bogus"]);
    assert.equal(unknown.status, 2);
    assert.match(unknown.stderr, /unknown option --bogus/);
    const badPort = runQuest(["serve", "examples/echo/app.q", "--port", "99999"]);
    assert.equal(badPort.status, 2);
    assert.match(badPort.stderr, /bad port/);
    const missing = runQuest(["serve", "no/such/app.q"]);
    assert.equal(missing.status, 1);
    assert.match(missing.stderr, /cannot open file/);
    const none = runQuest(["serve"]);
    assert.equal(none.status, 2);
    assert.match(none.stderr, /usage: quest serve/);
  });

  test("--workers takes a whole number from 1 to 256: anything else is a clear error and exit 2", () => {
    for (const bad of ["0", "-1", "abc", "257", "2.5", "1e3", ""]) {
      const result = runQuest(["serve", "examples/echo/app.q", "--workers", bad]);
      assert.equal(result.status, 2, `--workers '${bad}': ${result.stderr}`);
      assert.match(result.stderr, new RegExp(`bad --workers '${bad.replace(".", "\\.")}' \\(1-256\\)`));
    }
    const missing = runQuest(["serve", "examples/echo/app.q", "--workers"]);
    assert.equal(missing.status, 2);
    assert.match(missing.stderr, /--workers needs a value/);
  });

  // A channel app whose quest.toml has a bad presence setting: the app fails at its first
  // channels.channel with a message naming the file and key, exits non-zero, and never
  // hangs (runQuest's 15 s timeout would leave status null). With --workers 2 the
  // supervisor stops instead of restarting workers that die before they listen.
  const channelApp = 'use "std/web/channels" as channels\n' +
    'channels.channel("room:*", fun (socket, topic, params) nil end)\n';
  const badPresenceSettings = [
    ["[std.web.pubsub]\npresence_heartbeat_ms = -5\n", /\[std\.web\.pubsub\] presence_heartbeat_ms must not be negative/],
    ["[std.web.pubsub]\npresence_timeout_ms = -1\n", /\[std\.web\.pubsub\] presence_timeout_ms must not be negative/],
    ["[std.web.pubsub]\npresence_heartbeat_ms = 0\n",
      /\[std\.web\.pubsub\] presence_timeout_ms \(5000\) must exceed a positive presence_heartbeat_ms \(0\)/],
    ["[std.web.pubsub]\npresence_timeout_ms = 0\n",
      /\[std\.web\.pubsub\] presence_timeout_ms \(0\) must exceed a positive presence_heartbeat_ms \(1000\)/],
    ["[std.web.pubsub]\npresence_heartbeat_ms = 800\npresence_timeout_ms = 500\n",
      /presence_timeout_ms \(500\) must exceed a positive presence_heartbeat_ms \(800\)/],
    ['[std.web.pubsub]\npresence_timeout_ms = "5s"\n', /\[std\.web\.pubsub\] presence_timeout_ms has the wrong type/],
    ["[std.web.pubsub]\npresence_heartbeat_ms = 1.5\n", /\[std\.web\.pubsub\] presence_heartbeat_ms has the wrong type/],
    ["[std.web.channels]\npresence_window_ms = 50\npresence_max_window_ms = 20\n",
      /\[std\.web\.channels\] presence_max_window_ms \(20\) must not be below presence_window_ms \(50\)/],
    ["[std.web.channels]\npresence_max_window_ms = -1\n", /\[std\.web\.channels\] presence_max_window_ms must not be negative/],
    ['[std.web.channels]\npresence_max_window_ms = "1s"\n', /\[std\.web\.channels\] presence_max_window_ms has the wrong type/],
  ];

  test("a bad presence heartbeat, timeout or diff window in quest.toml: a clear error naming the key, exit 1", () => {
    for (const [toml, message] of badPresenceSettings) {
      const dir = tempApp({ "app.q": channelApp, "quest.toml": toml });
      const result = runQuest(["serve", path.join(dir, "app.q"), "--port", "0"]);
      assert.equal(result.status, 1, `${toml}: status ${result.status}, signal ${result.signal}, ${result.stderr}`);
      assert.match(result.stderr, message, toml);
      assert.match(result.stderr, /quest\.toml/, toml);
    }
  });

  test("the same bad presence settings under --workers 2: the supervisor stops with an error, no restart loop", () => {
    for (const [toml, message] of badPresenceSettings.slice(0, 3)) {
      const dir = tempApp({ "app.q": channelApp, "quest.toml": toml });
      const result = runQuest(["serve", path.join(dir, "app.q"), "--port", "0", "--workers", "2"]);
      assert.notEqual(result.status, 0, `${toml}: ${result.stderr}`);
      assert.notEqual(result.status, null, `${toml}: hung (signal ${result.signal})`);
      assert.match(result.stderr, message, toml);
    }
  });

  test("a script error is reported with its location and exit 1", () => {
    const dir = tempApp({ "app.q": "let x = 1\nraise ValueErr.new(\"broken app\")\n" });
    const result = runQuest(["serve", path.join(dir, "app.q"), "--port", "0"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ValueErr: broken app/);
    assert.match(result.stderr, /app\.q:2/);
  });
});
