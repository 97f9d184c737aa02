// Node.js peer of examples/native/chat_server.cpp for the channel benchmarks.
//   node server.mjs --host 127.0.0.1 --port 4100 [--redis redis://127.0.0.1:6379]
// Endpoints: /socket/websocket (Phoenix V2 channels, see channels.mjs), /echo (raw echo).
// With --redis, new_msg broadcasts reach the other peers on the same Redis (relay.mjs).
// Prints "listening on http://HOST:PORT" once it accepts connections.
import http from 'node:http';
import { WebSocketServer } from 'ws';
import { acceptChannelSocket, deliverLocally, useRelay } from './channels.mjs';
import { startRelay } from './relay.mjs';

function parseFlags(argv) {
  const flags = { host: '127.0.0.1', port: 4100, redis: '' };
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i].replace(/^--/, '');
    if (!(name in flags) || argv[i + 1] === undefined) {
      console.error(`usage: server.mjs [--host HOST] [--port PORT] [--redis URL] (bad flag ${argv[i]})`);
      process.exit(2);
    }
    flags[name] = name === 'port' ? Number(argv[i + 1]) : argv[i + 1];
  }
  return flags;
}

const flags = parseFlags(process.argv.slice(2));
if (flags.redis) useRelay(await startRelay(flags.redis, deliverLocally));
const channelServer = new WebSocketServer({ noServer: true });
const echoServer = new WebSocketServer({ noServer: true });

channelServer.on('connection', acceptChannelSocket);
echoServer.on('connection', (ws) => {
  ws.on('message', (data, isBinary) => ws.send(data, { binary: isBinary }));
  ws.on('error', () => {});
});

const server = http.createServer((req, res) => {
  res.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
});

server.on('upgrade', (req, socket, head) => {
  const { pathname } = new URL(req.url, 'http://localhost');
  const target = pathname === '/socket/websocket' ? channelServer
    : pathname === '/echo' ? echoServer : null;
  if (!target) return socket.destroy();
  target.handleUpgrade(req, socket, head, (ws) => target.emit('connection', ws, req));
});

server.listen({ host: flags.host, port: flags.port, backlog: 4096 }, () => {
  const { address, port } = server.address();
  console.log(`listening on http://${address}:${port}`);
});

const shutdown = () => {
  for (const ws of [...channelServer.clients, ...echoServer.clients]) ws.close(1001, 'shutdown');
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 1000).unref();
};
process.on('SIGTERM', shutdown);
process.on('SIGINT', shutdown);
