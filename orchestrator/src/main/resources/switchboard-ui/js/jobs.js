// #/jobs: the caller's jobs, newest first, refreshed every 2 s, filtered by status.
import {api} from './api.js';
import {chip, fill, h, jobLink, problem, section, table, time} from './dom.js';
import {every, ordered} from './poll.js';

const STATUSES = ['PENDING', 'RUNNING', 'COMPLETED', 'PARTIAL', 'TIMED_OUT', 'FAILED'];
const FILTERS = [['', 'All'], ['PENDING,RUNNING', 'Active'], ...STATUSES.map(s => [s, s])];
let chosen = '';

export function render(main, params, signal) {
  const filter = h('select', {id: 'status-filter', 'aria-label': 'Status',
    onchange: () => { chosen = filter.value; refresh(); }},
    FILTERS.map(([value, label]) => h('option', {value, selected: value === chosen}, label)));
  const open = h('form', {class: 'inline', onsubmit: e => {
    e.preventDefault();
    location.hash = `#/jobs/${id.value.trim()}`;
  }});
  const id = h('input', {type: 'text', placeholder: 'job id', 'aria-label': 'Job id', pattern: '[0-9a-fA-F-]{36}', size: 38});
  open.append(id, h('button', {type: 'submit', class: 'ghost'}, 'Open'));
  const body = h('div', {id: 'jobs'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(h('div', {class: 'page-head'}, h('h1', null, 'Jobs'), h('div', {class: 'tools'}, filter, open,
    h('a', {class: 'button', href: '#/submit'}, 'Submit a document'))), section('Newest first', body));

  const ticket = ordered(); // the filter's change and the poll may overlap: only the newest answer is drawn
  async function refresh() {
    const current = ticket();
    const query = new URLSearchParams({limit: '50'});
    if (chosen) query.set('status', chosen);
    try {
      const page = await api(`/v1/jobs?${query}`, {signal});
      if (!current()) return undefined;
      fill(body, page.jobs.length ? list(page.jobs) : h('p', {class: 'muted'}, chosen ? 'No job has that status.' : 'No jobs yet.'),
        page.next ? h('p', {class: 'muted'}, 'Showing the newest 50.') : null);
    } catch (e) {
      if (signal.aborted || !current()) return undefined;
      fill(body, e.status === 404 || e.status === 405
        ? h('p', {class: 'muted'}, 'This orchestrator cannot list jobs (no GET /v1/jobs). Open a job by its id above.')
        : problem(e));
      return e.retryAfter;
    }
  }
  every(2000, refresh, signal);
}

function list(jobs) {
  return table(['Job', 'Status', 'Submitted', 'Agents', 'Report'], jobs.map(j => [
    jobLink(j.jobId),
    chip(j.status),
    time(j.submittedAt),
    h('span', {class: 'chips'}, Object.entries(j.agents || {}).map(([name, a]) => agentChip(name, a))),
    j.reportRevision ? `revision ${j.reportRevision}` : h('span', {class: 'muted'}, '—'),
  ]), {class: 'jobs'});
}

/** "sentiment: done", coloured by the state. */
export function agentChip(name, line) {
  const state = line ? line.state : 'unknown';
  const c = chip(state, 'agent');
  c.textContent = `${name}: ${state}`;
  if (line && line.error) c.title = `${line.error.type || ''} ${line.error.message || ''}`.trim();
  return c;
}
