// The Node `ws` peer: same contract as echo_app.q (echo; "bcast:K" sends "b" K times
// to every client). Prints the same listening line.
import path from "node:path";
import { createRequire } from "node:module";
import { fileURLToPath } from "node:url";

// The ws package pinned by tests/e2e's lockfile.
const require = createRequire(path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../../tests/e2e/package.json"));
const { WebSocketServer } = require("ws");

const wss = new WebSocketServer({ host: "127.0.0.1", port: Number(process.argv[2] ?? 0), path: "/ws" });
wss.on("listening", () => console.log(`listening on http://127.0.0.1:${wss.address().port}`));
wss.on("connection", (socket) => {
  socket.on("message", (data, isBinary) => {
    const text = data.toString();
    if (text.startsWith("bcast:")) {
      const count = Number(text.slice(6));
      for (let i = 0; i < count; i++) for (const client of wss.clients) client.send("b");
    } else {
      socket.send(data, { binary: isBinary });
    }
  });
});
process.on("SIGTERM", () => process.exit(0));
