// Upstream's style: a script that configures std/web and calls web.run(), started as
// `quest app.q`, checked over real HTTP with fetch.
import assert from "node:assert/strict";
import net from "node:net";
import { after, before, describe, test } from "node:test";
import { startQuest } from "./harness.js";

function freePort() {
  return new Promise((resolve) => {
    const probe = net.createServer().listen(0, "127.0.0.1", () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

describe("web.run() app", () => {
  let server;
  before(async () => {
    const port = await freePort();
    server = await startQuest(["app.q"], { cwd: "tests/e2e/ws/fixtures/web_run", env: { APP_PORT: String(port) } });
    assert.equal(server.port, port);
  });
  after(async () => {
    await server.stop("SIGINT");
    assert.match(server.stdout(), /web\.run returned/);
  });

  test("GET / is the HTML page with the default header", async () => {
    const response = await fetch(server.url("/"));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/html");
    assert.equal(response.headers.get("x-powered-by"), "Quest");
    assert.equal(await response.text(), "<h1>hi</h1>");
  });

  test("static files come from the public directory", async () => {
    const response = await fetch(server.url("/public/x.css"));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /text\/css/);
    assert.equal(await response.text(), "body { margin: 0; }\n");
  });

  test("POST /api/echo returns the JSON with its Content-Type", async () => {
    const response = await fetch(server.url("/api/echo"), { method: "POST", body: JSON.stringify({ b: 2, a: [1, "x"] }) });
    assert.equal(response.headers.get("content-type"), "application/json");
    assert.deepEqual(await response.json(), { b: 2, a: [1, "x"] });
  });

  test("module-level state is shared by every request", async () => {
    const first = (await (await fetch(server.url("/api/hits"))).json()).hits;
    await Promise.all([1, 2, 3, 4].map(() => fetch(server.url("/"))));
    const last = (await (await fetch(server.url("/api/hits"))).json()).hits;
    assert.equal(last, first + 5);
  });
});
