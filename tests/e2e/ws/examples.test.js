// Each Layer 1 example under `quest serve`, driven by node's `ws` client.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { openClient, refusedStatus, serve, waitForOutput } from "./harness.js";

describe("examples/echo", () => {
  let server;
  before(async () => { server = await serve("examples/echo/app.q"); });
  after(async () => { await server.stop(); });

  test("welcomes and echoes", async () => {
    const ws = await openClient(server.wsUrl("/ws"));
    assert.equal(await ws.next(), "Welcome!");
    ws.send("Hello");
    assert.equal(await ws.next(), "Echo: Hello");
    ws.close();
    assert.equal((await ws.closed).code, 1005);
  });

  test("logs the seed's lines on stdout", async () => {
    const ws = await openClient(server.wsUrl("/ws"));
    await ws.next();
    ws.send("ping");
    await ws.next();
    ws.close(1000);
    await ws.closed;
    await waitForOutput(server.stdout, /Client disconnected: [0-9a-f-]{36}/);
    assert.match(server.stdout(), /Client connected: [0-9a-f-]{36}/);
    assert.match(server.stdout(), /Received: ping/);
  });

  test("answers HTTP with handle_request", async () => {
    const response = await fetch(server.url("/"));
    assert.equal(response.status, 200);
    assert.equal(await response.text(), "Hello");
  });

  test("does not upgrade an unrouted path: handle_request answers it as HTTP", async () => {
    assert.equal(await refusedStatus(server.wsUrl("/nope")), 200);
  });
});

describe("examples/auth_ws", () => {
  let server;
  before(async () => { server = await serve("examples/auth_ws/app.q"); });
  after(async () => { await server.stop(); });

  test("closes with 4401 without a valid token", async () => {
    const ws = await openClient(server.wsUrl("/ws/secure"));
    const closed = await ws.closed;
    assert.equal(closed.code, 4401);
    assert.equal(closed.reason, "Unauthorized");
  });

  test("carries the user id for a valid token", async () => {
    const headers = { Authorization: "Bearer user:ada" };
    const a = await openClient(server.wsUrl("/ws/secure"), { headers });
    const b = await openClient(server.wsUrl("/ws/secure"), { headers: { Authorization: "Bearer user:bob" } });
    // b's round trip proves the server registered it before a broadcasts.
    b.send("ready");
    assert.equal(await b.next(), "bob: ready");
    assert.equal(await a.next(), "bob: ready");
    a.send("hi");
    assert.equal(await a.next(), "ada: hi");
    assert.equal(await b.next(), "ada: hi");
    a.close();
    b.close();
  });
});

describe("examples/chat_ws", () => {
  let server;
  before(async () => { server = await serve("examples/chat_ws/app.q"); });
  after(async () => { await server.stop(); });

  test("serves the chat page", async () => {
    const response = await fetch(server.url("/"));
    assert.equal(response.status, 200);
    assert.match(response.headers.get("content-type"), /text\/html/);
    assert.match(await response.text(), /new WebSocket/);
    assert.equal((await fetch(server.url("/other"))).status, 404);
  });

  test("joins, chats and leaves as the seed describes", async () => {
    const ada = await openClient(server.wsUrl("/chat"));
    assert.equal(await ada.next(), "Enter your username:");
    ada.send("ada");
    assert.equal(await ada.next(), "Welcome, ada!");
    assert.equal(await ada.next(), "[ada joined]");

    const bob = await openClient(server.wsUrl("/chat"));
    assert.equal(await bob.next(), "Enter your username:");
    bob.send("bob");
    assert.equal(await bob.next(), "Welcome, bob!");
    assert.equal(await bob.next(), "[bob joined]");
    assert.equal(await ada.next(), "[bob joined]");

    ada.send("hello bob");
    assert.equal(await ada.next(), "ada: hello bob");
    assert.equal(await bob.next(), "ada: hello bob");

    ada.close();
    assert.equal(await bob.next(), "[ada left]");
    bob.close();
  });
});
