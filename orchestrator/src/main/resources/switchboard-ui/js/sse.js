// Follows a Server-Sent Events route with fetch() so the Authorization header goes along (EventSource cannot send
// one). Frames are parsed here; after a dropped connection it reconnects with Last-Event-ID and loses nothing.
import {check, headers} from './api.js';

const IDLE_MS = 45000; // the server sends a keep-alive every 15 s: 45 s of silence is a half-open connection
const MAX_FRAME = 1 << 20; // characters (≥ 1 MiB): a longer frame is treated as a dropped connection

/**
 * Reads `path` until the server ends the stream for good (204, or a close without a retry hint) or `signal` aborts.
 * `onEvent({id, event, data})` gets each event; `lastId` resumes after that event id. Reconnects back off from the
 * server's retry hint (1 s) to 30 s with jitter, never under 500 ms, and start again at the hint after an event;
 * `onRetry(tries, error)` hears of each failed try. 401, 403, 404 and other refusals end it with their ApiError;
 * 429 and 503 wait their Retry-After. Resolves to the last id seen.
 */
export async function follow(path, onEvent, signal, lastId = null, onRetry = () => {}) {
  let base = 1000;
  let tries = 0;
  while (!signal.aborted) {
    const h = headers('text/event-stream');
    if (lastId != null) h['Last-Event-ID'] = lastId;
    const conn = new AbortController();
    const stop = () => conn.abort();
    signal.addEventListener('abort', stop, {once: true});
    let idle;
    const touch = () => { clearTimeout(idle); idle = setTimeout(stop, IDLE_MS); };
    let hinted = true;
    let wait = null;
    let failure = null;
    try {
      touch();
      const res = await fetch(path, {headers: h, signal: conn.signal, cache: 'no-store', credentials: 'omit'});
      if (res.status === 204) return lastId; // nothing more will come
      try {
        await check(res);
      } catch (e) {
        if (e.status !== 429 && e.status !== 503) throw e;
        wait = e.retryAfter;
        failure = e;
      }
      if (!failure) {
        hinted = false;
        for await (const frame of frames(res.body, touch)) {
          if (frame.retry != null) { base = frame.retry; hinted = true; }
          if (frame.id != null) lastId = frame.id;
          if (frame.data != null) { tries = 0; onEvent(frame); }
        }
      }
    } catch (e) {
      if (signal.aborted) break;
      if (e.status) throw e; // an ApiError: the server refused
      failure = e.name === 'AbortError' ? new Error('No data for 45 s: reconnecting') : e;
      hinted = true; // dropped or silent: resume
    } finally {
      clearTimeout(idle);
      signal.removeEventListener('abort', stop);
    }
    if (!hinted) break; // the server ended the stream: the job is over
    tries++;
    if (failure) onRetry(tries, failure);
    await pause(wait != null ? wait : backoff(base, tries), signal);
  }
  return lastId;
}

/** base · 2^(tries − 1), at most 30 s, times a jitter of 0.5–1, never under 500 ms. */
export function backoff(base, tries) {
  const ms = Math.min(30000, Math.max(base, 1000) * 2 ** Math.max(0, tries - 1));
  return Math.max(500, ms * (0.5 + Math.random() / 2));
}

/**
 * The SSE frames of a byte stream: {id, event, data, retry}; comments (keep-alives) are skipped. `onBytes` hears of
 * each chunk. Each chunk is scanned once; a frame longer than `max` characters throws (a dropped connection).
 */
export async function* frames(body, onBytes = () => {}, max = MAX_FRAME) {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buffer = '';
  let scanned = 0;
  let cr = false;
  try {
    for (;;) {
      const {value, done} = await reader.read();
      if (done) return;
      onBytes();
      let text = decoder.decode(value, {stream: true});
      if (cr && text.startsWith('\n')) text = text.slice(1); // a CRLF split between two chunks
      cr = text.endsWith('\r');
      buffer += text.replace(/\r\n?/g, '\n');
      let start = 0;
      let end;
      while ((end = buffer.indexOf('\n\n', scanned)) >= 0) {
        const frame = parse(buffer.slice(start, end));
        start = scanned = end + 2;
        if (frame) yield frame;
      }
      buffer = buffer.slice(start);
      scanned = Math.max(0, buffer.length - 1);
      if (buffer.length > max) throw new Error(`An event stream frame over ${max} characters: dropped`);
    }
  } finally {
    reader.cancel().catch(() => {});
  }
}

function parse(block) {
  const frame = {id: null, event: 'message', data: null, retry: null};
  let seen = false;
  for (const line of block.split('\n')) {
    if (!line || line.startsWith(':')) continue;
    const colon = line.indexOf(':');
    const field = colon < 0 ? line : line.slice(0, colon);
    const value = colon < 0 ? '' : line.slice(colon + 1).replace(/^ /, '');
    seen = true;
    if (field === 'data') frame.data = frame.data == null ? value : `${frame.data}\n${value}`;
    else if (field === 'id') frame.id = value;
    else if (field === 'event') frame.event = value;
    else if (field === 'retry' && /^\d+$/.test(value)) frame.retry = Number(value);
  }
  return seen ? frame : null;
}

/** Resolves after `ms`, or at once when `signal` aborts. */
export function pause(ms, signal) {
  return new Promise(resolve => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, {once: true});
  });
}
