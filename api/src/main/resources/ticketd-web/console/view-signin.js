// Sign-in: an account Administrator's email and password, or the server's admin
// credential (the AKI=…;AKS=… line of admin.credentials).

import * as api from './api.js';
import { add, busy, errorArea, field, h, hideError, showError } from './dom.js';

export function renderSignIn({ view, notice, onSignedIn }) {
  const email = h('input', { id: 'signin-email', name: 'email', type: 'email', autocomplete: 'username', required: true });
  const password = h('input', { id: 'signin-password', name: 'password', type: 'password',
    autocomplete: 'current-password', required: true });
  const account = h('input', { id: 'signin-account', name: 'accountId', type: 'text', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'acct_…' });
  const submit = h('button', { type: 'submit', class: 'button button-primary button-block', id: 'signin-submit',
    'data-testid': 'signin-submit', text: 'Sign in' });
  const error = errorArea('signin-error');

  const userForm = h('form', { class: 'card signin-card', id: 'signin-form', novalidate: true },
    h('h2', { text: 'Sign in' }),
    h('p', { class: 'muted', text: 'For users in an account\u2019s Administrator group.' }),
    field('Email address', email),
    field('Password', password),
    field('Account ID (optional)', account,
      'Only needed when your email address is an Administrator in several accounts.'),
    error,
    submit);

  const credential = h('input', { id: 'credential-input', name: 'credential', type: 'password', autocomplete: 'off',
    spellcheck: 'false', placeholder: 'AKI=ak_…;AKS=sk_…' });
  const credentialSubmit = h('button', { type: 'submit', class: 'button button-block', id: 'credential-submit',
    'data-testid': 'credential-submit', text: 'Sign in with the admin credential' });
  const credentialError = errorArea('credential-error');
  const credentialForm = h('form', { class: 'card signin-card', id: 'credential-form', novalidate: true },
    h('h2', { text: 'Server administrator' }),
    h('p', { class: 'muted', text: 'Manages every account.' }),
    field('Admin credential', credential,
      'Paste the line from the server\u2019s admin.credentials file: AKI=\u2026;AKS=\u2026'),
    credentialError,
    credentialSubmit);

  add(view,
    h('div', { class: 'signin-intro' },
      h('h1', { text: 'ticketd console' }),
      h('p', { class: 'muted', text: 'Manage accounts, stores and their API keys, access keys, users and station monitoring.' })),
    notice ? h('p', { class: 'notice notice-' + (notice.tone === 'ok' ? 'ok' : 'error'), id: 'signin-notice',
      'data-testid': 'signin-notice', role: 'status', text: notice.text }) : null,
    h('div', { class: 'signin-grid' }, userForm, credentialForm));

  userForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideError(error);
    if (!email.value.trim() || !password.value) {
      showError(error, 'Enter your email address and password.');
      return;
    }
    const body = { emailAddress: email.value.trim(), password: password.value };
    if (account.value.trim()) {
      body.accountId = account.value.trim();
    }
    await signIn(body, submit, error);
  });

  credentialForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    hideError(credentialError);
    if (!credential.value.trim()) {
      showError(credentialError, 'Paste the admin credential (AKI=…;AKS=…).');
      return;
    }
    await signIn({ credential: credential.value.trim() }, credentialSubmit, credentialError);
  });

  async function signIn(body, button, errorNode) {
    const restore = busy(button, 'Signing in…');
    let session;
    try {
      session = await api.post('/console/api/session', body);
    } catch (e) {
      restore();
      showError(errorNode, e);
      if (e.code === 'account_required') {
        account.focus();
      }
      return;
    }
    restore();
    password.value = '';
    credential.value = '';
    await onSignedIn(session);
  }

  email.focus();
}
