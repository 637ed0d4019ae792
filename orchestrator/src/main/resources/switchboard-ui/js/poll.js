// Runs `load` now and again until `signal` aborts; a slow answer is never overlapped by the next call. `load` may
// resolve to a number (wait that many ms instead of `ms`, e.g. a Retry-After) or to false (stop polling).
export function every(ms, load, signal) {
  let timer = null;
  const run = async () => {
    let next;
    try {
      next = await load();
    } catch (e) {
      console.warn(e); // the page shows its own errors; keep polling
      next = e && e.retryAfter;
    }
    if (next !== false && !signal.aborted) timer = setTimeout(run, typeof next === 'number' ? next : ms);
  };
  signal.addEventListener('abort', () => clearTimeout(timer), {once: true});
  run();
}

/** Drops out-of-order answers: `const ticket = ordered()`; per call `const current = ticket()`; after it `current()`. */
export function ordered() {
  let newest = 0;
  return () => {
    const mine = ++newest;
    return () => mine === newest;
  };
}
