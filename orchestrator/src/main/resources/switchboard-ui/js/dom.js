// Builds DOM from data with createElement / textContent only: nothing from the API is ever parsed as HTML.

/** An element: h('a', {href: '#/x', class: 'y', onclick: fn}, 'text', child, [more]). */
export function h(tag, attrs, ...children) {
  const el = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (value == null || value === false) continue;
    if (name === 'class') el.className = value;
    else if (name.startsWith('on')) el.addEventListener(name.slice(2), value);
    else if (name in el && typeof value !== 'string') el[name] = value;
    else el.setAttribute(name, value === true ? '' : String(value));
  }
  add(el, children);
  return el;
}

/** Appends children: nodes as they are, anything else as text. */
export function add(el, children) {
  for (const c of [children].flat(Infinity)) {
    if (c == null || c === false) continue;
    el.append(c instanceof Node ? c : document.createTextNode(String(c)));
  }
  return el;
}

/** Replaces an element's children; null and false children are left out. */
export function fill(el, ...children) {
  el.replaceChildren();
  return add(el, children);
}

/** A status or state chip, coloured by its class (s-completed, s-failed, …). */
export function chip(value, extra) {
  const text = value == null ? 'unknown' : String(value);
  return h('span', {class: `chip s-${text.toLowerCase().replace(/[^a-z_]/g, '')}${extra ? ' ' + extra : ''}`}, text);
}

/** A local time for an ISO instant, the instant itself as the tooltip. */
export function time(iso) {
  if (!iso) return h('span', {class: 'muted'}, '—');
  const d = new Date(iso);
  const text = isNaN(d) ? String(iso) : d.toLocaleString(undefined, {dateStyle: 'short', timeStyle: 'medium'});
  return h('time', {datetime: String(iso), title: String(iso)}, text);
}

/** A table with a header row; rows are arrays of cells (nodes or text). Scrolls sideways on a narrow window. */
export function table(headers, rows, attrs) {
  return h('div', {class: 'scroll'},
    h('table', attrs, h('thead', null, h('tr', null, headers.map(x => h('th', null, x)))),
      h('tbody', null, rows.map(r => r instanceof Node ? r : h('tr', null, r.map(c => h('td', null, c)))))));
}

/** Pretty JSON as text. */
export function json(value) {
  return h('pre', {class: 'json'}, JSON.stringify(value, null, 2));
}

/** A problem or error as a visible message. */
export function problem(error) {
  return h('div', {class: 'error', role: 'alert'}, error && error.message ? error.message : String(error));
}

export function section(title, ...children) {
  return h('section', {class: 'card'}, h('h2', null, title), children);
}

/** A job link: #/jobs/<id>, the id shortened in the text. */
export function jobLink(jobId) {
  return h('a', {href: `#/jobs/${encodeURIComponent(jobId)}`, class: 'mono', title: String(jobId)}, String(jobId));
}
