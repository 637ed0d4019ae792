// Follows a Server-Sent Events route with fetch() so the Authorization header goes along (EventSource cannot send
// one). Frames are parsed here; after a dropped connection it reconnects with Last-Event-ID and loses nothing.
import {check, headers} from './api.js';

/**
 * Reads `path` until the server ends the stream for good (204, or a close without a retry hint) or `signal` aborts.
 * `onEvent({id, event, data})` gets each event; `lastId` resumes after that event id. Resolves to the last id seen.
 */
export async function follow(path, onEvent, signal, lastId = null) {
  let retry = 1000;
  while (!signal.aborted) {
    const h = headers('text/event-stream');
    if (lastId != null) h['Last-Event-ID'] = lastId;
    let res;
    try {
      res = await fetch(path, {headers: h, signal, cache: 'no-store', credentials: 'omit'});
    } catch (e) {
      if (signal.aborted) break;
      await pause(retry, signal);
      continue;
    }
    if (res.status === 204) break; // nothing more will come
    await check(res);
    let hinted = false;
    try {
      for await (const frame of frames(res.body)) {
        if (frame.retry != null) { retry = frame.retry; hinted = true; }
        if (frame.id != null) lastId = frame.id;
        if (frame.data != null) onEvent(frame);
      }
    } catch (e) {
      if (signal.aborted) break;
      hinted = true; // dropped: resume
    }
    if (!hinted) break; // the server ended the stream: the job is over
    await pause(retry, signal);
  }
  return lastId;
}

/** The SSE frames of a byte stream: {id, event, data, retry}; comments (keep-alives) are skipped. */
export async function* frames(body) {
  const reader = body.pipeThrough(new TextDecoderStream()).getReader();
  let buffer = '';
  for (;;) {
    const {value, done} = await reader.read();
    if (done) return;
    buffer += value.replace(/\r\n?/g, '\n');
    let end;
    while ((end = buffer.indexOf('\n\n')) >= 0) {
      const frame = parse(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
      if (frame) yield frame;
    }
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

function pause(ms, signal) {
  return new Promise(resolve => {
    const t = setTimeout(resolve, ms);
    signal.addEventListener('abort', () => { clearTimeout(t); resolve(); }, {once: true});
  });
}
