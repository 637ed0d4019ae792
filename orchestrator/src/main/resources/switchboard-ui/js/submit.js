// #/submit: paste or upload a document, pick agents and a deadline, submit, then watch the job's page.
import {api} from './api.js';
import {fill, h, problem, section} from './dom.js';

export function render(main, params, signal) {
  const text = h('textarea', {id: 'document', rows: 12, required: true, placeholder: 'Paste a document…', spellcheck: 'false'});
  const file = h('input', {id: 'document-file', type: 'file', accept: '.txt,text/plain', onchange: async () => {
    if (file.files.length) text.value = await file.files[0].text();
  }});
  const agents = h('fieldset', {id: 'agents-pick', class: 'chips'}, h('legend', null, 'Agents (none ticked: the defaults)'));
  const deadline = h('input', {id: 'deadline', type: 'number', min: 1, max: 86400, placeholder: 'default'});
  const error = h('div', {id: 'submit-error'});
  const button = h('button', {id: 'submit', type: 'submit'}, 'Submit');
  const form = h('form', {id: 'submit-form', class: 'stack', onsubmit: send},
    h('label', {for: 'document'}, 'Document'), text,
    h('label', {for: 'document-file'}, 'or upload a .txt file'), file,
    agents,
    h('label', {for: 'deadline'}, 'Deadline (seconds)'), deadline,
    error, h('div', {class: 'actions'}, button));
  main.append(h('div', {class: 'page-head'}, h('h1', null, 'Submit a document')), section('New job', form));

  api('/v1/agents', {signal}).then(a => {
    for (const name of a.declared || []) {
      agents.append(h('label', {class: 'check'}, h('input', {type: 'checkbox', value: name, name: 'agent'}), ` ${name}`));
    }
  }).catch(e => { if (!signal.aborted) agents.append(problem(e)); });

  async function send(e) {
    e.preventDefault();
    if (!text.value.trim()) {
      fill(error, problem('Paste or upload a document first.'));
      return;
    }
    const body = {document: text.value};
    const picked = [...agents.querySelectorAll('input:checked')].map(i => i.value);
    if (picked.length) body.agents = picked;
    if (deadline.value) body.deadlineSeconds = Number(deadline.value);
    button.disabled = true;
    try {
      const accepted = await api('/v1/jobs', {method: 'POST', body, signal});
      location.hash = `#/jobs/${accepted.jobId}`;
    } catch (err) {
      if (!signal.aborted) fill(error, problem(err));
    } finally {
      button.disabled = false;
    }
  }
}
