// The API client: the key goes only in the Authorization header (never a URL), kept in sessionStorage, or in
// localStorage when the user ticks "remember". A 401 asks the shell to show the login dialog.

const KEY = 'switchboard.apiKey';
let unauthorized = () => {};

export function apiKey() {
  return sessionStorage.getItem(KEY) || localStorage.getItem(KEY);
}

export function signIn(key, remember) {
  signOut();
  (remember ? localStorage : sessionStorage).setItem(KEY, key);
}

export function signOut() {
  sessionStorage.removeItem(KEY);
  localStorage.removeItem(KEY);
}

/** Called on every 401 answer. */
export function onUnauthorized(fn) {
  unauthorized = fn;
}

/** The request headers every call carries: Accept, and the key when there is one. */
export function headers(accept = 'application/json') {
  const h = {Accept: accept};
  const key = apiKey();
  if (key) h.Authorization = `Bearer ${key}`;
  return h;
}

/** An answer that is not 2xx: the problem's title and detail as the message, the problem itself kept. */
export class ApiError extends Error {
  constructor(status, body, retryAfter = null) {
    const p = body && typeof body === 'object' ? body : {};
    super(p.detail ? `${p.title || 'Error'} (${status}): ${p.detail}` : `HTTP ${status}${typeof body === 'string' && body ? ': ' + body.slice(0, 300) : ''}`);
    this.status = status;
    this.problem = p;
    this.retryAfter = retryAfter; // ms to wait before asking again (429, 503), or null
  }
}

/** Throws an ApiError for a non-2xx answer, after telling the shell about a 401. */
export async function check(res) {
  if (res.ok) return res;
  if (res.status === 401) unauthorized();
  const text = await res.text();
  let body = text;
  try { body = JSON.parse(text); } catch { /* not JSON: keep the text */ }
  throw new ApiError(res.status, body, retryAfter(res.headers.get('Retry-After')));
}

/** A JSON call: api('/v1/jobs', {method: 'POST', body: {...}}); resolves to the parsed body (null when empty). */
export async function api(path, {method = 'GET', body, signal} = {}) {
  const h = headers();
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await check(await fetch(path, {
    method, headers: h, signal, cache: 'no-store', credentials: 'omit',
    body: body === undefined ? undefined : JSON.stringify(body),
  }));
  const text = await res.text();
  return text ? JSON.parse(text) : null;
}

/** Retry-After (seconds or an HTTP date) in ms, 500 ms at least, an hour at most; null when absent or unreadable. */
function retryAfter(value) {
  if (!value) return null;
  const ms = /^\d+$/.test(value.trim()) ? Number(value) * 1000 : Date.parse(value) - Date.now();
  return isNaN(ms) ? null : Math.min(3600000, Math.max(500, ms));
}
