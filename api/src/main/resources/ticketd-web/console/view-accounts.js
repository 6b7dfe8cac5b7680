// Accounts: the list this session may administer, and (for the admin credential
// only) creating one. An account Administrator sees its own account alone.

import * as api from './api.js';
import { add, errorArea, field, flash, h, listCard, onSubmit, pageHeader, timeCell } from './dom.js';

export function renderAccounts(ctx) {
  const { view, session } = ctx;
  const list = listCard('accounts', ['Name', 'Account ID', 'Created', { text: 'Manage', class: 'col-actions' }],
    'No accounts yet.');
  const flashSlot = h('div', { class: 'flash-slot' });

  add(view,
    pageHeader(null, 'Accounts', session.kind === 'admin'
      ? 'Every tenant of this server. Pick one to manage its stores, keys, users and stations.'
      : 'The account you administer.'),
    flashSlot,
    session.kind === 'admin' ? createForm() : null,
    list.node);

  function createForm() {
    const name = h('input', { id: 'account-create-name', name: 'name', type: 'text', required: true,
      maxlength: '200', placeholder: 'e.g. Acme Fuel' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'account-create-submit',
      text: 'Create account' });
    const error = errorArea('account-create-error');
    const form = h('form', { class: 'card', id: 'account-create-form', novalidate: true },
      h('h2', { text: 'New account' }),
      h('div', { class: 'form-row' }, field('Account name', name), h('div', { class: 'field field-action' }, submit)),
      error);
    onSubmit(form, submit, 'Creating\u2026', error, async () => {
      const account = await api.post('/admin/v1/accounts', { name: name.value.trim() });
      name.value = '';
      flash(flashSlot, 'Account ' + account.name + ' created (' + account.accountId + ').');
      await Promise.all([ctx.reloadAccounts(), load()]);
    });
    return form;
  }

  function load() {
    return list.load(() => api.get('/admin/v1/accounts'), row);
  }

  function row(a) {
    const link = (section, text) => h('a', { href: ctx.accountRoute(a.accountId, section), class: 'link-pill',
      'data-testid': 'account-' + section, text });
    return h('tr', { 'data-account-id': a.accountId, 'data-testid': 'account-row' },
      h('td', {}, h('a', { href: ctx.accountRoute(a.accountId, 'stores'), class: 'strong', 'data-testid': 'account-name',
        text: a.name })),
      h('td', {}, h('code', { text: a.accountId })),
      h('td', {}, timeCell(a.createdDate)),
      h('td', { class: 'col-actions' },
        link('stores', 'Stores'), link('keys', 'Access keys'), link('users', 'Users'), link('monitoring', 'Monitoring')));
  }

  load();
}
