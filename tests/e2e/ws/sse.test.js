// Server-Sent Events under `quest serve`: framing, Last-Event-ID, keep-alive comments,
// close detection, a failing handler.
import assert from "node:assert/strict";
import { after, before, describe, test } from "node:test";
import { serve, waitForOutput, withGuard } from "./harness.js";

// Reads the stream until `enough(text)`; returns the text and aborts the request.
async function readStream(url, enough, headers = {}) {
  const controller = new AbortController();
  const response = await fetch(url, { headers, signal: controller.signal });
  const reader = response.body.getReader();
  const decoder = new TextDecoder();
  let text = "";
  await withGuard((async () => {
    while (!enough(text)) {
      const { value, done } = await reader.read();
      if (done) break;
      text += decoder.decode(value, { stream: true });
    }
  })(), `stream ${url}`);
  controller.abort();
  return { response, text };
}

const stats = async (server) => (await fetch(server.url("/stats"))).json();

describe("server-sent events", () => {
  let server;
  before(async () => { server = await serve("tests/e2e/ws/fixtures/sse/app.q"); });
  after(async () => { await server.stop(); });

  test("streams framed events with event, id, retry and multi-line data", async () => {
    const { response, text } = await readStream(server.url("/events"), (t) => t.includes("id: 2\n"));
    assert.equal(response.status, 200);
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    assert.equal(response.headers.get("cache-control"), "no-cache");
    assert.match(text, /event: hello\nid: resume-none\nretry: 500\ndata: hello\ndata: second line\n\n/);
    assert.match(text, /event: tick\nid: 1\ndata: \{"tick":1\}\n\n/);
  });

  test("passes Last-Event-ID to the handler", async () => {
    const { text } = await readStream(server.url("/events"), (t) => t.includes("resume-"), { "Last-Event-ID": "41" });
    assert.match(text, /id: resume-41\n/);
  });

  test("sends keep-alive comments", async () => {
    const { text } = await readStream(server.url("/events"), (t) => t.includes(": keep-alive\n\n"));
    assert.match(text, /: keep-alive\n\n/);
  });

  test("notices a client that leaves and runs on_close", async () => {
    // Streams of earlier tests may still be closing: start from a settled count.
    const settle = Date.now() + 10_000;
    let before = await stats(server);
    while (before.closed < before.opened && Date.now() < settle) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      before = await stats(server);
    }
    await readStream(server.url("/events"), (t) => t.includes("id: 1\n"));
    const until = Date.now() + 10_000;
    let now = await stats(server);
    while (now.closed < before.closed + 1 && Date.now() < until) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      now = await stats(server);
    }
    assert.equal(now.opened, before.opened + 1);
    assert.equal(now.closed, before.closed + 1);
  });

  test("a topic-backed stream carries pubsub.broadcast as events, to the clients of the time", async () => {
    const reading = readStream(server.url("/news"), (t) => t.includes("event: headline\n"));
    // The subscription starts when the stream does: publish until the stream has one.
    const until = Date.now() + 10_000;
    let delivered = 0;
    while (delivered < 1 && Date.now() < until) {
      delivered = (await (await fetch(server.url("/publish?title=first"))).json()).delivered;
      if (delivered < 1) await new Promise((resolve) => setTimeout(resolve, 50));
    }
    assert.equal(delivered, 1);
    const { response, text } = await reading;
    assert.equal(response.headers.get("content-type"), "text/event-stream");
    assert.match(text, /event: headline\ndata: \{"title":"first"\}\n\n/);
    // The client left: its subscription ended with the stream.
    const settle = Date.now() + 10_000;
    while (delivered > 0 && Date.now() < settle) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      delivered = (await (await fetch(server.url("/publish?title=late"))).json()).delivered;
    }
    assert.equal(delivered, 0);
  });

  test("a raising stream handler ends that stream and the server carries on", async () => {
    const response = await fetch(server.url("/broken"));
    assert.equal(response.status, 200);
    await response.text();  // the body ends
    await waitForOutput(server.stderr, /stream handler failed/);
    assert.equal((await fetch(server.url("/stats"))).status, 200);
  });
});
