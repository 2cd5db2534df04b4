// collect subscribes a client to a realtime topic and records what arrives, so a test can wait
// for an event with a deadline instead of sleeping.
const DEFAULT_WAIT_MS = 15_000;

/**
 * collect subscribes pb to collection/topic ('*' or a record id). Returns
 * { events, waitFor(predicate, {timeout}), unsubscribe() }; events are { action, record } in
 * arrival order.
 */
export async function collect(pb, collection, topic = '*', options = {}) {
  const events = [];
  const waiters = new Set();
  const unsubscribe = await pb.collection(collection).subscribe(topic, (e) => {
    events.push(e);
    for (const w of waiters) w.check();
  }, options);

  const waitFor = (predicate, { timeout = DEFAULT_WAIT_MS, what = 'a matching event' } = {}) =>
    new Promise((resolve, reject) => {
      const w = {
        check() {
          const e = events.find(predicate);
          if (!e) return;
          clearTimeout(w.timer);
          waiters.delete(w);
          resolve(e);
        },
      };
      w.timer = setTimeout(() => {
        waiters.delete(w);
        const seen = events.map((e) => `${e.action} ${e.record?.id}`).join(', ') || 'nothing';
        reject(new Error(`${collection}/${topic}: no ${what} within ${timeout} ms (received: ${seen})`));
      }, timeout);
      waiters.add(w);
      w.check();
    });

  return { events, waitFor, unsubscribe };
}

/** sleep waits ms; only for a short grace period after a positive signal, never as a wait-for. */
export function sleep(ms) {
  return new Promise((r) => setTimeout(r, ms));
}
