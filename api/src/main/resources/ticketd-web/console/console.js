// The console shell: the session, the header and left navigation, and the hash
// routes that pick a screen.
//   #/signin                          sign-in
//   #/accounts                        accounts
//   #/accounts/{accountId}/stores     the account's stores and their API keys
//   #/accounts/{accountId}/keys       the account's access keys
//   #/accounts/{accountId}/users      the account's users
//   #/accounts/{accountId}/monitoring the account's station monitoring

import * as api from './api.js';
import { clear, formatClock, h, hideError, showError } from './dom.js';
import { renderSignIn } from './view-signin.js';
import { renderAccounts } from './view-accounts.js';
import { renderStores } from './view-stores.js';
import { renderKeys } from './view-keys.js';
import { renderUsers } from './view-users.js';
import { renderMonitoring } from './view-monitoring.js';

const SECTIONS = {
  stores: renderStores,
  keys: renderKeys,
  users: renderUsers,
  monitoring: renderMonitoring,
};

const state = {
  session: null,      // the content of GET /console/api/session, or null when signed out
  accounts: [],       // the accounts this session may administer
  accountId: null,    // the account the navigation points at
  wanted: null,       // the route asked for before signing in
  notice: null,       // a message for the sign-in screen (e.g. the session ended)
  cleanup: null,      // stops the current screen's timers
};

const main = document.getElementById('main');

function parseRoute() {
  const path = (location.hash || '').replace(/^#/, '');
  const parts = path.split('/').filter((p) => p.length > 0).map(decodeURIComponent);
  if (parts[0] === 'signin') {
    return { name: 'signin' };
  }
  if (parts[0] === 'accounts' && parts.length === 3 && SECTIONS[parts[2]]) {
    return { name: parts[2], accountId: parts[1] };
  }
  if (parts[0] === 'accounts' && parts.length === 1) {
    return { name: 'accounts' };
  }
  return { name: 'home' };
}

function navigate(hash) {
  if (location.hash === hash) {
    route();
  } else {
    location.hash = hash;
  }
}

function accountRoute(accountId, section) {
  return '#/accounts/' + encodeURIComponent(accountId) + '/' + section;
}

function route() {
  if (state.cleanup) {
    state.cleanup();
    state.cleanup = null;
  }
  const r = parseRoute();
  if (!state.session) {
    if (r.name !== 'signin' && r.name !== 'home') {
      state.wanted = location.hash;
    }
    showSignIn();
    return;
  }
  if (r.name === 'signin' || r.name === 'home') {
    navigate('#/accounts');
    return;
  }
  if (r.accountId) {
    state.accountId = r.accountId;
  }
  renderChrome(r);
  const view = h('div', { class: 'view', id: 'view-' + r.name });
  clear(main).appendChild(view);
  // What a screen gets: where to draw, who is signed in, the account it is about, and the shell's helpers.
  const ctx = {
    view,
    session: state.session,
    accountId: r.accountId || null,
    account: state.accounts.find((a) => a.accountId === r.accountId) || null,
    accountRoute,
    reloadAccounts,
  };
  const render = r.name === 'accounts' ? renderAccounts : SECTIONS[r.name];
  const cleanup = render(ctx);
  state.cleanup = typeof cleanup === 'function' ? cleanup : null;
  document.title = (view.querySelector('h1') ? view.querySelector('h1').textContent + ' · ' : '') + 'ticketd console';
}

function showSignIn() {
  document.body.classList.add('signed-out');
  document.getElementById('identity-box').hidden = true;
  document.getElementById('sidenav').hidden = true;
  const view = h('div', { class: 'view view-signin', id: 'view-signin' });
  clear(main).appendChild(view);
  document.title = 'Sign in · ticketd console';
  renderSignIn({ view, notice: state.notice, onSignedIn });
  state.notice = null;
}

async function onSignedIn(session) {
  state.session = session;
  await reloadAccounts();
  const target = state.wanted || '#/accounts';
  state.wanted = null;
  navigate(target);
}

/** Loads the accounts for the navigation's account picker; a failure is shown under the picker. */
async function reloadAccounts() {
  const error = document.getElementById('account-select-error');
  try {
    state.accounts = await api.get('/admin/v1/accounts');
    hideError(error);
  } catch (e) {
    showError(error, 'The accounts could not be loaded: ' + e.message);
  }
  if (state.session && state.session.kind === 'user' && !state.accountId) {
    state.accountId = state.session.accountId;
  }
  fillAccountSelect();
  return state.accounts;
}

function renderChrome(r) {
  document.body.classList.remove('signed-out');
  const s = state.session;
  const identity = document.getElementById('identity');
  if (s.kind === 'admin') {
    identity.textContent = 'Admin credential \u00b7 every account';
  } else {
    const account = state.accounts.find((a) => a.accountId === s.accountId);
    identity.textContent = s.user.firstName + ' ' + s.user.lastName + ' <' + s.user.emailAddress + '> \u00b7 '
      + 'Administrator of ' + (account ? account.name : s.accountId);
  }
  document.getElementById('identity-expiry').textContent = 'Signed in until ' + formatClock(s.expiresDate);
  document.getElementById('identity-box').hidden = false;
  document.getElementById('sidenav').hidden = false;

  fillAccountSelect();
  const accountId = state.accountId;
  for (const link of document.querySelectorAll('#sidenav a[data-nav]')) {
    const section = link.dataset.nav;
    const active = section === r.name;
    link.classList.toggle('active', active);
    if (active) {
      link.setAttribute('aria-current', 'page');
    } else {
      link.removeAttribute('aria-current');
    }
    if (section === 'accounts') {
      continue;
    }
    if (accountId) {
      link.href = accountRoute(accountId, section);
      link.classList.remove('disabled');
      link.removeAttribute('aria-disabled');
    } else {
      link.href = '#/accounts';
      link.classList.add('disabled');
      link.setAttribute('aria-disabled', 'true');
    }
  }
}

function fillAccountSelect() {
  const select = document.getElementById('account-select');
  clear(select);
  if (!state.accountId) {
    select.appendChild(h('option', { value: '', text: 'Choose an account…' }));
  }
  const known = state.accounts.some((a) => a.accountId === state.accountId);
  if (state.accountId && !known) {
    select.appendChild(h('option', { value: state.accountId, text: state.accountId }));
  }
  for (const a of state.accounts) {
    const sameName = state.accounts.filter((other) => other.name === a.name).length > 1;
    select.appendChild(h('option', { value: a.accountId, text: sameName ? a.name + ' (' + a.accountId + ')' : a.name }));
  }
  select.value = state.accountId || '';
  select.disabled = state.accounts.length === 0;
}

document.getElementById('account-select').addEventListener('change', (event) => {
  const accountId = event.target.value;
  if (!accountId) {
    return;
  }
  const r = parseRoute();
  navigate(accountRoute(accountId, SECTIONS[r.name] ? r.name : 'stores'));
});

document.getElementById('signout').addEventListener('click', async () => {
  try {
    await api.del('/console/api/session');
    state.notice = { tone: 'ok', text: 'You are signed out.' };
  } catch (e) {
    state.notice = { tone: 'error', text: 'Signing out failed: ' + e.message };
  }
  state.session = null;
  state.accounts = [];
  state.accountId = null;
  state.wanted = null;
  navigate('#/signin');
});

api.setSessionLostHandler(() => {
  if (!state.session) {
    return;
  }
  state.session = null;
  state.accounts = [];
  state.notice = { tone: 'error', text: 'Your session has ended. Sign in again.' };
  state.wanted = location.hash;
  navigate('#/signin');
});

window.addEventListener('hashchange', route);

async function boot() {
  try {
    state.session = await api.get('/console/api/session');
  } catch (e) {
    state.session = null;
    if (e.status !== 401) {
      state.notice = { tone: 'error', text: e.message };
    }
  }
  if (state.session) {
    await reloadAccounts();
  }
  route();
}

boot();
