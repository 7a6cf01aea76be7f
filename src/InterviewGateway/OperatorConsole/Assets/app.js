import { session, ApiError, get } from './api.js';
import { h, field, notice, nodes, problemNotice } from './dom.js';
import { vendorsPage } from './pages/vendors.js';
import { subscriptionsPage, subscriptionPage } from './pages/subscriptions.js';
import { interviewPage } from './pages/interview.js';
import { inboundPage } from './pages/inbound.js';
import { eventTypesPage } from './pages/event-types.js';

const routes = [
  [/^\/vendors$/, vendorsPage],
  [/^\/subscriptions$/, subscriptionsPage],
  [/^\/subscriptions\/([^/]+)$/, subscriptionPage],
  [/^\/interview(?:\/([^/]+))?$/, interviewPage],
  [/^\/inbound$/, inboundPage],
  [/^\/event-types$/, eventTypesPage],
];

const view = document.getElementById('view');
const nav = document.getElementById('nav');
let signInMessage = null;

function signInForm() {
  const key = h('input', {
    type: 'password', name: 'api-key', autocomplete: 'off', spellcheck: 'false', required: true });
  const form = h('form', { class: 'card sign-in', 'aria-labelledby': 'sign-in-title' },
    h('h1', { id: 'sign-in-title' }, 'Sign in'),
    h('p', {}, 'Paste an API key of this gateway. The console calls the public API with it, so it can do exactly ',
      'what the key may do. The key stays in this browser tab (session storage) and is forgotten when the tab closes.'),
    signInMessage ? notice('error', signInMessage) : null,
    field('API key', key),
    h('button', { type: 'submit' }, 'Sign in'));
  form.addEventListener('submit', async event => {
    event.preventDefault();
    session.signIn(key.value.trim());
    try {
      await get('/v1/vendors');
    } catch (error) {
      // 403: a valid key without interviews:read; the pages it may use still work.
      if (!(error instanceof ApiError) || error.status !== 403) return;
    }
    signInMessage = null;
    if (!location.hash || location.hash === '#/') location.hash = '#/vendors';
    else render();
  });
  return form;
}

async function render() {
  if (!session.key) {
    nav.hidden = true;
    view.replaceChildren(signInForm());
    document.title = 'Sign in · InterviewGateway console';
    return;
  }
  nav.hidden = false;
  const path = decodeURIComponent(location.hash.replace(/^#/, '')) || '/vendors';
  const match = routes.map(([pattern, page]) => [path.match(pattern), page]).find(([m]) => m);
  for (const link of nav.querySelectorAll('a')) {
    const current = path.startsWith(link.getAttribute('href').slice(1));
    if (current) link.setAttribute('aria-current', 'page'); else link.removeAttribute('aria-current');
  }
  const page = h('div', { class: 'page', 'aria-busy': 'true' }, h('p', { class: 'muted' }, 'Loading…'));
  view.replaceChildren(page);
  try {
    const content = match ? await match[1](...match[0].slice(1)) : [h('h1', {}, 'Not found')];
    page.replaceChildren(...nodes(content));
  } catch (error) {
    page.replaceChildren(h('h1', {}, 'Something went wrong'), problemNotice(error));
  }
  page.removeAttribute('aria-busy');
  const title = page.querySelector('h1')?.textContent ?? 'Console';
  document.title = `${title} · InterviewGateway console`;
  view.focus({ preventScroll: true });
}

window.addEventListener('igw:unauthorized', () => {
  session.signOut();
  signInMessage = 'The gateway rejected this API key (401). Paste a valid key.';
  render();
});
window.addEventListener('hashchange', render);
document.getElementById('sign-out').addEventListener('click', () => {
  session.signOut();
  signInMessage = null;
  location.hash = '';
  render();
});
render();
