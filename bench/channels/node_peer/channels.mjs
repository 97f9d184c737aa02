// Phoenix Channels V2 JSON protocol for the Node peer, with the chat contract of
// examples/native/chat_server.cpp:
//   room:*   join requires {user: non-empty string}; presence per user, meta {online_at}
//   bench:*  no presence, user from the join payload or "anon"
//   new_msg {body} -> broadcast new_msg {user, body} to the topic, reply ok {}
// Frames are [join_ref, ref, topic, event, payload]; refs are echoed back untouched.
import { WebSocket } from 'ws';
import { PresenceTracker } from './presence.mjs';

const presence = new PresenceTracker();
const subscribers = new Map(); // topic -> Set<channel>

const send = (ws, frame) => {
  if (ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(frame));
};

const reply = (ws, joinRef, ref, topic, status, response = {}) =>
  send(ws, [joinRef, ref, topic, 'phx_reply', { status, response }]);

// Set by useRelay: other processes of the same app, through Redis.
let relay = null;
export function useRelay(given) { relay = given; }

// Serialize once, send the same string to every subscriber of this process.
export function deliverLocally(topic, event, payload) {
  const subs = subscribers.get(topic);
  if (!subs) return;
  const frame = JSON.stringify([null, null, topic, event, payload]);
  for (const channel of subs) {
    if (channel.ws.readyState === WebSocket.OPEN) channel.ws.send(frame);
  }
}

// Returns {user} for an accepted join, {reason} for a refused one, null if no route.
function authorize(topic, payload) {
  if (topic.startsWith('room:')) {
    const user = payload?.user;
    if (typeof user !== 'string' || user.length === 0) return { reason: 'user required' };
    return { user, presence: true };
  }
  if (topic.startsWith('bench:')) {
    const user = typeof payload?.user === 'string' && payload.user ? payload.user : 'anon';
    return { user, presence: false };
  }
  return null;
}

function join(ws, joinRef, ref, topic, payload) {
  const existing = ws.channels.get(topic);
  if (existing) leave(existing, { closeFrame: true });
  const decision = authorize(topic, payload);
  if (!decision) return reply(ws, null, ref, topic, 'error', { reason: 'unmatched topic' });
  if (decision.reason) return reply(ws, joinRef, ref, topic, 'error', { reason: decision.reason });

  const channel = { ws, topic, joinRef, user: decision.user, phxRef: null };
  ws.channels.set(topic, channel);
  if (!subscribers.has(topic)) subscribers.set(topic, new Set());
  subscribers.get(topic).add(channel);
  reply(ws, joinRef, ref, topic, 'ok');
  if (decision.presence) {
    const { phxRef, diff } = presence.track(topic, channel.user, { online_at: Date.now() });
    channel.phxRef = phxRef;
    send(ws, [joinRef, null, topic, 'presence_state', presence.list(topic)]);
    deliverLocally(topic, 'presence_diff', diff);
  }
}

// Ends a channel instance: unsubscribe, untrack (broadcasting the leave), optionally
// tell the client with phx_close carrying the instance's join_ref.
function leave(channel, { closeFrame }) {
  const { ws, topic } = channel;
  ws.channels.delete(topic);
  const subs = subscribers.get(topic);
  subs?.delete(channel);
  if (subs?.size === 0) subscribers.delete(topic);
  if (channel.phxRef) {
    const diff = presence.untrack(topic, channel.user, channel.phxRef);
    if (diff) deliverLocally(topic, 'presence_diff', diff);
  }
  if (closeFrame) send(ws, [channel.joinRef, channel.joinRef, topic, 'phx_close', {}]);
}

// new_msg reaches the other processes too; presence diffs stay local (see relay.mjs).
function broadcastEverywhere(topic, event, payload) {
  deliverLocally(topic, event, payload);
  relay?.publish(topic, event, payload);
}

function handleChannelEvent(channel, ref, event, payload) {
  const { ws, topic, joinRef } = channel;
  if (event === 'new_msg' && typeof payload?.body === 'string') {
    broadcastEverywhere(topic, 'new_msg', { user: channel.user, body: payload.body });
    return reply(ws, joinRef, ref, topic, 'ok');
  }
  reply(ws, joinRef, ref, topic, 'error', { reason: `unhandled event ${event}` });
}

function dispatch(ws, [joinRef, ref, topic, event, payload]) {
  if (topic === 'phoenix' && event === 'heartbeat') return reply(ws, null, ref, topic, 'ok');
  const channel = ws.channels.get(topic);
  if (event === 'phx_join') return join(ws, joinRef, ref, topic, payload);
  if (event === 'phx_leave') {
    if (channel && (joinRef === null || joinRef === channel.joinRef)) {
      leave(channel, { closeFrame: false });
      reply(ws, joinRef, ref, topic, 'ok');
      return send(ws, [channel.joinRef, channel.joinRef, topic, 'phx_close', {}]);
    }
    return channel ? undefined : reply(ws, joinRef, ref, topic, 'ok');
  }
  if (!channel) return reply(ws, null, ref, topic, 'error', { reason: 'unmatched topic' });
  if (joinRef !== null && joinRef !== channel.joinRef) return; // stale instance
  handleChannelEvent(channel, ref, event, payload);
}

const isFrame = (f) => Array.isArray(f) && f.length === 5 && typeof f[2] === 'string'
  && typeof f[3] === 'string' && f[4] !== null && typeof f[4] === 'object' && !Array.isArray(f[4]);

// A frame we cannot dispatch gets an error reply when its ref and topic are readable
// (so the client's push fails fast), and is dropped otherwise. The connection stays up.
function refuseMalformed(ws, frame) {
  if (Array.isArray(frame) && typeof frame[1] === 'string' && typeof frame[2] === 'string') {
    reply(ws, null, frame[1], frame[2], 'error', { reason: 'malformed message' });
  }
}

// Wires one upgraded WebSocket into the channel protocol.
export function acceptChannelSocket(ws) {
  ws.channels = new Map();
  ws.on('message', (data, isBinary) => {
    if (isBinary) return; // the V2 binary push format is not part of the chat contract
    let frame;
    try { frame = JSON.parse(data.toString()); } catch { return; }
    if (!isFrame(frame)) return refuseMalformed(ws, frame);
    dispatch(ws, frame);
  });
  ws.on('close', () => {
    for (const channel of [...ws.channels.values()]) leave(channel, { closeFrame: false });
  });
  ws.on('error', () => {});
}
