// #/dlq: dead letters (admin only), filtered by agent; inspect one; replay one, or try it as a dry run.
import {api} from './api.js';
import {ordered} from './poll.js';
import {chip, fill, h, jobLink, json, problem, section, table, time} from './dom.js';

let agent = '';

export function render(main, params, signal) {
  const filter = h('select', {id: 'dlq-agent', 'aria-label': 'Agent', onchange: () => { agent = filter.value; load(); }},
    h('option', {value: ''}, 'All agents'));
  const list = h('div', {id: 'dlq-list'}, h('p', {class: 'muted'}, 'Loading…'));
  const detail = h('div', {id: 'dlq-detail'});
  const outcome = h('div', {id: 'dlq-outcome'});
  main.append(h('div', {class: 'page-head'}, h('h1', null, 'Dead letters'), h('div', {class: 'tools'}, filter,
    h('button', {type: 'button', class: 'ghost', onclick: () => load()}, 'Refresh'))), outcome, section('Newest first', list), detail);

  api('/v1/agents', {signal}).then(a => {
    for (const name of a.declared || []) filter.append(h('option', {value: name, selected: name === agent}, name));
  }).catch(() => { /* the list shows the error */ });

  const ticket = ordered();
  async function load() {
    const current = ticket();
    const query = new URLSearchParams();
    if (agent) query.set('agent', agent);
    try {
      const answer = await api(`/v1/dlq?${query}`, {signal});
      if (!current()) return;
      const letters = answer.deadLetters || [];
      fill(list, letters.length ? rows(letters) : h('p', {class: 'muted'}, 'No dead letters.'),
        answer.complete === false ? h('p', {class: 'warn'}, 'The read stopped short: this list may be incomplete.') : null);
    } catch (e) {
      if (!signal.aborted && current()) fill(list, problem(e));
    }
  }

  function rows(letters) {
    return table(['Ref', 'Agent', 'Job', 'Attempts', 'Error', 'Failed', 'Replayed', ''], letters.map(l => h('tr', {'data-ref': l.ref},
      [h('span', {class: 'mono small'}, l.ref), l.agent, jobLink(l.jobId), l.attempts,
        h('span', null, chip(l.errorType || 'error'), ' ', l.errorMessage || ''), time(l.failedAt),
        l.replayed === true ? chip('replayed') : l.replayed === 'unknown' ? 'unknown' : 'no',
        h('span', {class: 'buttons'},
          h('button', {type: 'button', class: 'ghost inspect', onclick: () => inspect(l.ref)}, 'Inspect'),
          h('button', {type: 'button', class: 'ghost dry-run', onclick: () => replay(l.ref, true)}, 'Dry run'),
          h('button', {type: 'button', class: 'replay', onclick: () => replay(l.ref, false)}, 'Replay'))]
        .map(c => h('td', null, c)))), {class: 'dlq'});
  }

  async function inspect(ref) {
    try {
      const l = await api(`/v1/dlq/${encodeURIComponent(ref)}`, {signal});
      const doc = l.task && l.task.document ? l.task.document.text : null;
      fill(detail, section(`Dead letter ${l.ref}`,
        h('dl', {class: 'facts'},
          h('dt', null, 'Job'), h('dd', null, jobLink(l.jobId)),
          h('dt', null, 'Error'), h('dd', null, `${l.errorClass || ''} ${l.errorType || ''}`),
          h('dt', null, 'Message'), h('dd', {class: 'msg'}, l.errorMessage || '—'),
          h('dt', null, 'Failed at'), h('dd', null, time(l.failedAt)),
          h('dt', null, 'Source'), h('dd', null, l.sourceTopic || '—')),
        l.taskUnavailable ? h('p', {class: 'warn'}, l.taskUnavailable) : null,
        doc != null ? h('h3', null, 'Document') : null,
        doc != null ? h('pre', {id: 'dlq-document', class: 'document'}, doc) : null,
        h('details', null, h('summary', null, 'Task and headers'), json({task: l.task, headers: l.headers}))));
      detail.scrollIntoView({block: 'nearest'});
    } catch (e) {
      if (!signal.aborted) fill(detail, problem(e));
    }
  }

  async function replay(ref, dryRun) {
    try {
      const r = await api('/v1/dlq/replay', {method: 'POST', body: {refs: [ref], dryRun}, signal});
      fill(outcome, section(dryRun ? 'Dry run: would send' : 'Replayed',
        h('p', null, `${dryRun ? 'Would send' : 'Sent'} ${r.sent.length}, skipped ${r.skipped.length}.`),
        r.sent.map(s => h('p', {class: 'sent'}, h('span', {class: 'mono small'}, s.ref), ' → job ', jobLink(s.jobId),
          s.warning ? h('span', {class: 'warn'}, ` ${s.warning}`) : null)),
        r.skipped.map(s => h('p', {class: 'skipped'}, h('span', {class: 'mono small'}, s.ref), ` skipped: ${s.reason} — ${s.detail}`))));
      if (!dryRun) load();
    } catch (e) {
      if (!signal.aborted) fill(outcome, problem(e));
    }
  }

  load();
}
