// Bad input against `quest serve`: each gets a clear answer and leaves the others alone.
// The fixture's quest.toml sets a 1 KiB body limit and a 1 s handler budget.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openClient, rawExchange, refusedStatus, serve, waitForOutput } from "./harness.js";

describe("bad input", () => {
  let server;
  let bystander;
  before(async () => {
    server = await serve("tests/e2e/ws/fixtures/bad_input/app.q");
    bystander = await openClient(server.wsUrl("/echo"));
  });
  after(async () => {
    // The bystander saw everything below and still round-trips.
    bystander.send("still there?");
    assert.equal(await bystander.next(), "echo: still there?");
    bystander.close();
    await server.stop();
  });

  const bystanderAlive = async (tag) => {
    bystander.send(tag);
    assert.equal(await bystander.next(), `echo: ${tag}`);
  };

  test("malformed HTTP gets 400 and the connection is closed", async () => {
    const answer = await rawExchange(server.port, "NOT HTTP AT ALL\r\n\r\n");
    assert.match(answer, /^HTTP\/1\.1 400/);
    await bystanderAlive("after garbage");
  });

  test("an oversized body gets 413", async () => {
    const response = await fetch(server.url("/upload"), { method: "POST", body: "x".repeat(4096) });
    assert.equal(response.status, 413);
    const small = await fetch(server.url("/upload"), { method: "POST", body: "x".repeat(100) });
    assert.equal(await small.text(), "got 100");
    await bystanderAlive("after big body");
  });

  test("in production a raising HTTP handler gets a plain 500 that leaks nothing", async () => {
    const response = await fetch(server.url("/raise"));
    assert.equal(response.status, 500);
    const text = await response.text();
    assert.equal(text, "Internal Server Error");
    await waitForOutput(server.stderr, /ValueErr: secret internals/);
    assert.equal(await (await fetch(server.url("/"))).text(), "fine");
  });

  test("an HTTP handler stuck in `while true` is interrupted with 500", async () => {
    const stuck = fetch(server.url("/spin"));
    const meanwhile = fetch(server.url("/"));
    assert.equal((await stuck).status, 500);
    assert.equal(await (await meanwhile).text(), "fine");
    await waitForOutput(server.stderr, /InterruptErr/);
  });

  test("a raising WebSocket handler reports to on_error and keeps the socket", async () => {
    const ws = await openClient(server.wsUrl("/faulty"));
    ws.send("raise");
    assert.match(await ws.next(), /^error: RuntimeErr: handler failed on purpose/);
    ws.send("again");
    assert.equal(await ws.next(), "ok: again");
    await waitForOutput(server.stderr, /ws [0-9a-f-]{36} on_message raised/);
    ws.close();
  });

  test("a WebSocket handler stuck in a loop is interrupted; others are served", async () => {
    const ws = await openClient(server.wsUrl("/faulty"));
    ws.send("spin");
    await bystanderAlive("during spin");
    assert.match(await ws.next(), /^error: InterruptErr/);
    ws.send("after spin");
    assert.equal(await ws.next(), "ok: after spin");
    ws.close();
  });

  test("a handler that loops on a huge broadcast leaves other paths alone", async () => {
    const ws = await openClient(server.wsUrl("/faulty"));
    ws.send("flood");
    await bystanderAlive("during flood");
    let last;
    do { last = await ws.next(); } while (last !== "ok: flood" && !String(last).startsWith("error"));
    assert.equal(last, "ok: flood");
    ws.close();
  });

  test("invalid UTF-8 in a text frame closes only that socket with 1007", async () => {
    const ws = await openClient(server.wsUrl("/echo"));
    // ws validates outgoing text, so send the bad bytes as a raw masked text frame.
    const payload = Buffer.from([0xc3, 0x28]);
    const mask = Buffer.from([1, 2, 3, 4]);
    const frame = Buffer.concat([Buffer.from([0x81, 0x80 | payload.length]), mask,
      Buffer.from(payload.map((b, i) => b ^ mask[i % 4]))]);
    ws._socket.write(frame);
    assert.equal((await ws.closed).code, 1007);
    await bystanderAlive("after 1007");
  });

  test("a cross-origin upgrade gets 403; the same origin is accepted", async () => {
    assert.equal(await refusedStatus(server.wsUrl("/echo"), { origin: "http://evil.example" }), 403);
    const same = await openClient(server.wsUrl("/echo"), { origin: `http://127.0.0.1:${server.port}` });
    same.send("same origin");
    assert.equal(await same.next(), "echo: same origin");
    same.close();
    await bystanderAlive("after cross-origin");
  });
});

describe("shutdown", () => {
  test("SIGTERM closes sockets with 1001 and exits 0", async () => {
    const server = await serve("examples/echo/app.q");
    const ws = await openClient(server.wsUrl("/ws"));
    await ws.next();
    await server.stop("SIGTERM");
    assert.equal((await ws.closed).code, 1001);
  });

  test("SIGINT does the same", async () => {
    const server = await serve("examples/echo/app.q");
    const ws = await openClient(server.wsUrl("/ws"));
    await ws.next();
    await server.stop("SIGINT");
    assert.equal((await ws.closed).code, 1001);
  });
});
