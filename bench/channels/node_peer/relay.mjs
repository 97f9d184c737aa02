// Broadcasts between Node peer processes through Redis, for the cross-node benchmark:
// the same shape as Socket.IO's Redis adapter and our RedisAdapter. A broadcast is
// delivered locally at once and PUBLISHed with this process's id; every process
// SUBSCRIBEs to the channel and delivers what other processes published. Presence is
// not replicated (the cross-node scenario uses a bench: topic, which has none).
import { randomUUID } from 'node:crypto';
import { createClient } from '@redis/client';

const channelName = 'quest_live_node_peer';

// Connects both clients; resolves once subscribed. `deliver(topic, event, payload)`
// receives the broadcasts of the other processes.
export async function startRelay(url, deliver) {
  const origin = randomUUID();
  const publisher = createClient({ url });
  const subscriber = publisher.duplicate();
  for (const client of [publisher, subscriber]) {
    client.on('error', (error) => console.error(`relay: ${error.message}`));
  }
  await Promise.all([publisher.connect(), subscriber.connect()]);
  await subscriber.subscribe(channelName, (text) => {
    const message = JSON.parse(text);
    if (message.origin !== origin) deliver(message.topic, message.event, message.payload);
  });
  return {
    publish(topic, event, payload) {
      publisher.publish(channelName, JSON.stringify({ origin, topic, event, payload }))
        .catch((error) => console.error(`relay: publish: ${error.message}`));
    },
  };
}
