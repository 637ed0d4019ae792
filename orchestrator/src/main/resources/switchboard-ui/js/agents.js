// #/agents: declared agent types, their live instances and their signals (lag, oldest task, quota), every 5 s.
import {api} from './api.js';
import {chip, fill, h, problem, section, table, time} from './dom.js';
import {every} from './poll.js';

export function render(main, params, signal) {
  const body = h('div', {id: 'agents'}, h('p', {class: 'muted'}, 'Loading…'));
  main.append(h('div', {class: 'page-head'}, h('h1', null, 'Agents')), body);
  every(5000, async () => {
    try {
      fill(body, ...draw(await api('/v1/agents', {signal})));
    } catch (e) {
      if (!signal.aborted) fill(body, problem(e));
      return e.retryAfter;
    }
  }, signal);
}

function draw(answer) {
  const types = new Map((answer.agents || []).map(t => [t.name, t]));
  const names = [...new Set([...(answer.declared || []), ...types.keys()])];
  const cards = names.map(name => {
    const t = types.get(name);
    if (!t) return section(name, h('p', {class: 'muted'}, 'Declared in topics.yaml; no instance has announced itself.'));
    const instances = (t.instances || []).filter(i => i.live);
    return section(name,
      h('p', null, chip(t.liveInstances > 0 ? 'live' : 'down'), ` ${t.liveInstances} live instance${t.liveInstances === 1 ? '' : 's'}`,
        h('span', {class: 'muted'}, ' · last heartbeat '), time(t.lastHeartbeat)),
      signals(t.signals, t.lastHeartbeat),
      instances.length ? table(['Instance', 'Status', 'Concurrency', 'Started', 'Heartbeat', 'Lag', 'Oldest task', 'In flight'],
        instances.map(i => [h('span', {class: 'mono small', title: i.instanceId}, String(i.instanceId).slice(0, 8)), chip(i.status), i.concurrency,
          time(i.startedAt), time(i.lastHeartbeat), ...numbers(i.signals)])) : null);
  });
  return cards.length ? cards : [h('p', {class: 'muted'}, 'No agents declared.')];
}

function numbers(s) {
  if (!s) return ['—', '—', '—'];
  return [s.lagRecords ?? '—', s.oldestTaskAgeSeconds == null ? '—' : `${s.oldestTaskAgeSeconds.toFixed(1)} s`, s.inFlight ?? '—'];
}

function signals(s, asOf) {
  if (!s) return h('p', {class: 'muted'}, 'No queue signals in these instances’ heartbeats (older agents or orchestrator).');
  const [lag, age, inFlight] = numbers(s);
  return h('div', null,
    h('dl', {class: 'facts signals'},
      h('dt', null, 'Lag'), h('dd', null, `${lag} records`),
      h('dt', null, 'Oldest task'), h('dd', null, age),
      h('dt', null, 'In flight'), h('dd', null, inFlight)),
    (s.quota || []).map(q => h('div', {class: 'quota'},
      h('span', {class: 'mono small', title: q.account}, q.account), ` · ${q.members} member${q.members === 1 ? '' : 's'}`,
      meter('requests/s', q.requestsPerSecond), meter('tokens/min', q.tokensPerMinute))),
    h('p', {class: 'muted small'}, 'as of ', time(asOf)));
}

function meter(label, m) {
  if (!m) return null;
  const max = m.share || m.limit || 0;
  return h('div', {class: 'meter-row'}, h('span', {class: 'meter-label'}, label),
    h('meter', {min: 0, max: max || 1, value: m.used || 0, high: max * 0.8}),
    h('span', {class: 'small'}, `${m.used ?? 0} used of ${m.share ?? '—'} share (limit ${m.limit ?? '—'})`));
}
