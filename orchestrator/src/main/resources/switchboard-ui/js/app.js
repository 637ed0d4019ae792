// The shell: hash routes, the login dialog, and each page's lifetime (a page stops its timers and streams on leave).
import {apiKey, onUnauthorized, signIn, signOut} from './api.js';
import {h} from './dom.js';
import * as jobs from './jobs.js';
import * as job from './job.js';
import * as agents from './agents.js';
import * as dlq from './dlq.js';
import * as submit from './submit.js';

const routes = [
  [/^#\/jobs\/([0-9a-fA-F-]{36})$/, job, 'jobs'],
  [/^#\/jobs$/, jobs, 'jobs'],
  [/^#\/submit$/, submit, 'submit'],
  [/^#\/agents$/, agents, 'agents'],
  [/^#\/dlq$/, dlq, 'dlq'],
];

const main = document.getElementById('main');
const dialog = document.getElementById('login');
let leave = null;

function route() {
  const hash = location.hash || '#/jobs';
  const found = routes.find(([pattern]) => pattern.test(hash));
  if (!found) {
    location.replace('#/jobs');
    return;
  }
  const [pattern, page, tab] = found;
  if (leave) leave.abort();
  leave = new AbortController();
  main.replaceChildren();
  for (const a of document.querySelectorAll('#nav a')) a.classList.toggle('active', a.dataset.route === tab);
  page.render(main, hash.match(pattern).slice(1), leave.signal);
}

function showWho() {
  const signedIn = Boolean(apiKey());
  document.getElementById('who-state').textContent = signedIn ? 'key set' : 'no key';
  document.getElementById('sign-in').hidden = signedIn;
  document.getElementById('sign-out').hidden = !signedIn;
}

function openLogin(message) {
  const error = document.getElementById('login-error');
  error.textContent = message || '';
  error.hidden = !message;
  if (!dialog.open) dialog.showModal();
  document.getElementById('login-key').focus();
}

// A 401 stops the page (its polls and stream) until the user signs in: no call repeats behind the dialog.
onUnauthorized(() => {
  if (leave && !leave.signal.aborted) {
    leave.abort();
    main.prepend(h('p', {id: 'stopped', class: 'warn'}, 'Stopped: this page needs a valid key. ',
      h('button', {type: 'button', class: 'ghost', onclick: () => openLogin('')}, 'Sign in'), ' to continue.'));
  }
  openLogin(apiKey() ? 'That key was refused. Enter another.' : '');
});

document.getElementById('login-form').addEventListener('submit', e => {
  e.preventDefault();
  const key = document.getElementById('login-key').value.trim();
  if (!key) {
    openLogin('Enter a key.');
    return;
  }
  signIn(key, document.getElementById('login-remember').checked);
  document.getElementById('login-key').value = '';
  dialog.close();
  showWho();
  route();
});
document.getElementById('login-cancel').addEventListener('click', () => dialog.close());
document.getElementById('sign-in').addEventListener('click', () => openLogin(''));
document.getElementById('sign-out').addEventListener('click', () => {
  signOut();
  showWho();
  route();
});
window.addEventListener('hashchange', route);
showWho();
route();
