// #/jobs/<id>: status, stages, the event timeline (followed live), each agent's result, the report and its usage.
import {api} from './api.js';
import {chip, fill, h, json, problem, section, table, time} from './dom.js';
import {agentChip} from './jobs.js';
import {every} from './poll.js';
import {follow} from './sse.js';

const MAX_EVENTS = 500; // the newest are kept; a long job's timeline stays light

export function render(main, [jobId], signal) {
  const status = h('span', {id: 'job-status'}, chip('…'));
  const revision = h('span', {id: 'report-revision', class: 'muted'});
  const facts = h('dl', {class: 'facts'});
  const stages = h('div', {id: 'stages'});
  const events = h('ol', {id: 'events', class: 'timeline'});
  const earlier = h('p', {id: 'events-earlier', class: 'muted small', hidden: true});
  const live = h('span', {id: 'live', class: 'muted'});
  const report = h('div', {id: 'report'}, h('p', {class: 'muted'}, 'No report yet.'));
  const error = h('div');
  main.append(
    h('div', {class: 'page-head'}, h('h1', null, 'Job ', h('span', {class: 'mono small'}, jobId)), h('div', {class: 'tools'}, status, revision)),
    error,
    h('div', {class: 'grid'},
      section('Progress', facts, stages),
      section('Events', live, earlier, events)),
    section('Report', report));

  const path = `/v1/jobs/${encodeURIComponent(jobId)}`;
  let lastId = null;
  let streaming = false;
  let seen = '';
  let shown = '';
  let pending = null;
  let hidden = 0;

  async function load() {
    try {
      const job = await api(path, {signal});
      fill(error);
      draw(job);
      return job;
    } catch (e) {
      if (signal.aborted) return null;
      if (e.status === 404) {
        fill(error, problem(`No job ${jobId} here (404): it never existed, is not yours, or has left the view. This page stopped asking.`));
        fill(status, chip('not found'));
        fill(live);
      } else {
        fill(error, problem(e));
      }
      throw e;
    }
  }

  function draw(job) {
    fill(status, chip(job.status));
    revision.textContent = job.report ? `revision ${job.report.revision}` : 'no report yet';
    fill(facts,
      h('dt', null, 'Submitted'), h('dd', null, time(job.submittedAt)),
      h('dt', null, 'Deadline'), h('dd', null, time(job.deadline)));
    drawStages(job.agents || {});
    const drawn = job.report ? `${job.report.revision} ${job.report.createdAt}` : '';
    if (drawn !== shown) { // redrawn only when it changes: keeps a reader's selection and scroll
      shown = drawn;
      fill(report, ...drawReport(job.report));
    }
  }

  function drawStages(agents) {
    const byStage = new Map();
    for (const [name, line] of Object.entries(agents)) {
      const stage = line && line.stage ? line.stage : 1;
      if (!byStage.has(stage)) byStage.set(stage, []);
      byStage.get(stage).push(agentChip(name, line));
    }
    fill(stages, ...[...byStage.keys()].sort((a, b) => a - b).map(stage =>
      h('div', {class: 'stage'}, h('span', {class: 'stage-no'}, `Stage ${stage}`), h('span', {class: 'chips'}, byStage.get(stage)))));
  }

  function onEvent(frame) {
    // ids are the events' log offsets: one already shown (a resume after a failed reconnect) is skipped
    if (frame.id != null && lastId != null && Number(frame.id) <= Number(lastId)) return;
    if (frame.id != null) lastId = frame.id;
    let e;
    try { e = JSON.parse(frame.data); } catch { return; }
    events.append(h('li', null, time(e.at), ' ', chip(e.type, 'event'),
      e.agent ? h('strong', null, ` ${e.agent}`) : null,
      e.attempt ? h('span', {class: 'muted'}, ` attempt ${e.attempt}`) : null,
      e.message ? h('span', {class: 'msg'}, ` ${e.message}`) : null));
    while (events.childElementCount > MAX_EVENTS) {
      events.firstElementChild.remove();
      hidden++;
    }
    earlier.hidden = hidden === 0;
    earlier.textContent = `${hidden} earlier event${hidden === 1 ? '' : 's'} not shown`;
    live.textContent = 'following live';
    clearTimeout(pending);
    pending = setTimeout(() => load().catch(() => {}), 200); // one status read for a burst of events
  }

  function onRetry(tries, e) {
    if (tries >= 3) fill(live, problem(`Reconnecting (try ${tries}): ${e.message || e}`));
  }

  async function stream() {
    streaming = true;
    live.textContent = 'following live';
    try {
      await follow(`${path}/events`, onEvent, signal, lastId, onRetry);
      live.textContent = '';
    } catch (e) {
      if (!signal.aborted) fill(live, problem(e));
    } finally {
      streaming = false;
    }
  }

  // The stream ends once the job is over; a replayed dead letter amends it later: poll the status all along (a stream
  // may be silent or stuck), and read the new events when the job changes. A 404 stops it; Retry-After is honoured.
  every(3000, async () => {
    let job;
    try {
      job = await load();
    } catch (e) {
      return e.status === 404 ? false : e.retryAfter;
    }
    if (streaming || job.status === 'UNKNOWN') return undefined;
    const now = `${job.status} ${job.report ? job.report.revision : 0}`;
    if (now !== seen || !job.report) {
      seen = now;
      stream();
    }
    return undefined;
  }, signal);
  signal.addEventListener('abort', () => clearTimeout(pending), {once: true});
}

function drawReport(r) {
  const results = Object.entries(r.results || {});
  const usage = r.usage || {};
  return [
    h('div', {class: 'report-head'}, chip(r.status), h('strong', {class: 'revision'}, ` revision ${r.revision}`),
      h('span', {class: 'muted'}, ' created '), time(r.createdAt)),
    r.failedAgents && r.failedAgents.length ? h('p', {class: 'warn'}, `Failed: ${r.failedAgents.join(', ')}`) : null,
    r.missingAgents && r.missingAgents.length ? h('p', {class: 'warn'}, `Missing: ${r.missingAgents.join(', ')}`) : null,
    r.synthesis ? h('blockquote', {id: 'synthesis'}, r.synthesis) : null,
    h('div', {class: 'results'}, results.map(([name, res]) => h('article', {class: 'result', 'data-agent': name},
      h('h3', null, name, ' ', chip(res.status)),
      h('p', {class: 'muted'}, `attempts ${res.attempts ?? '—'}${res.model ? ` · ${res.model}` : ''}`),
      res.headline ? h('p', {class: 'headline'}, res.headline) : null,
      res.error ? h('p', {class: 'error'}, `${res.error.type}: ${res.error.message}`) : null,
      res.output != null ? json(res.output) : null))),
    usage.total ? h('h3', null, 'Usage') : null,
    usage.total ? usageTable(usage) : null,
  ];
}

function usageTable(usage) {
  const row = (name, u) => [name, u.calls ?? 0, u.replayedCalls ?? 0, u.inputTokens ?? 0, u.outputTokens ?? 0,
    u.estimatedCost == null ? '—' : u.estimatedCost.toFixed(4)];
  return table(['Agent', 'Calls', 'Replayed', 'Input tokens', 'Output tokens', 'Est. cost'],
    [...Object.entries(usage.byAgent || {}).map(([n, u]) => row(n, u)), row('total', usage.total)], {class: 'usage'});
}
