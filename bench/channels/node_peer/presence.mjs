// Presence tracker for the Node peer: topic -> key -> (phx_ref -> meta), in the shapes
// phoenix.js `Presence` expects (`{key: {metas: [{...meta, phx_ref}]}}`).
// Every track/untrack is broadcast at once as its own presence_diff: the straightforward
// design a Node developer would ship (no batching window).

let refCounter = 0;
const nextPhxRef = () => `${Date.now().toString(36)}.${(++refCounter).toString(36)}`;

export class PresenceTracker {
  constructor() {
    this.topics = new Map(); // topic -> Map<key, Map<phx_ref, meta>>
  }

  // Adds one meta for `key` and returns the diff to broadcast.
  track(topic, key, meta) {
    const phxRef = nextPhxRef();
    const keys = this.topics.get(topic) ?? new Map();
    this.topics.set(topic, keys);
    const metas = keys.get(key) ?? new Map();
    keys.set(key, metas);
    const tracked = { ...meta, phx_ref: phxRef };
    metas.set(phxRef, tracked);
    return { phxRef, diff: { joins: { [key]: { metas: [tracked] } }, leaves: {} } };
  }

  // Removes the meta with `phxRef`; returns the diff to broadcast, or null if unknown.
  untrack(topic, key, phxRef) {
    const metas = this.topics.get(topic)?.get(key);
    const left = metas?.get(phxRef);
    if (!left) return null;
    metas.delete(phxRef);
    if (metas.size === 0) this.topics.get(topic).delete(key);
    if (this.topics.get(topic).size === 0) this.topics.delete(topic);
    return { joins: {}, leaves: { [key]: { metas: [left] } } };
  }

  // Full state of a topic, one entry per key with every meta.
  list(topic) {
    const state = {};
    for (const [key, metas] of this.topics.get(topic) ?? []) {
      state[key] = { metas: [...metas.values()] };
    }
    return state;
  }
}
