// Runs `load` now and every `ms` until `signal` aborts; a slow answer is never overlapped by the next call.
export function every(ms, load, signal) {
  let timer = null;
  const run = async () => {
    try {
      await load();
    } catch (e) {
      console.warn(e); // the page shows its own errors; keep polling
    } finally {
      if (!signal.aborted) timer = setTimeout(run, ms);
    }
  };
  signal.addEventListener('abort', () => clearTimeout(timer), {once: true});
  run();
}
