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

  test("a script error is reported with its location and exit 1", () => {
    const dir = tempApp({ "app.q": "let x = 1\nraise ValueErr.new(\"broken app\")\n" });
    const result = runQuest(["serve", path.join(dir, "app.q"), "--port", "0"]);
    assert.equal(result.status, 1);
    assert.match(result.stderr, /ValueErr: broken app/);
    assert.match(result.stderr, /app\.q:2/);
  });
});
