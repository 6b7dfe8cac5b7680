// Accounts: the list this session may administer, and (for the admin credential
// only) creating one. An account Administrator sees its own account alone.

import * as api from './api.js';
import { add, busy, errorArea, field, flash, h, hideError, showError, timeCell } from './dom.js';

export function renderAccounts(ctx) {
  const { view, session } = ctx;
  const loadError = errorArea('accounts-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'accounts-table', 'data-testid': 'accounts-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Name' }),
      h('th', { scope: 'col', text: 'Account ID' }),
      h('th', { scope: 'col', text: 'Created' }),
      h('th', { scope: 'col', class: 'col-actions', text: 'Manage' }))),
    tbody);
  const empty = h('p', { class: 'empty', id: 'accounts-empty', text: 'No accounts yet.', hidden: true });

  add(view, 
    h('div', { class: 'page-header' },
      h('div', {},
        h('h1', { text: 'Accounts' }),
        h('p', { class: 'muted', text: session.kind === 'admin'
          ? 'Every tenant of this server. Pick one to manage its stores, keys, users and stations.'
          : 'The account you administer.' }))),
    h('div', { class: 'flash-slot' }),
    session.kind === 'admin' ? createForm() : null,
    h('section', { class: 'card' }, loadError, table, empty));

  function createForm() {
    const name = h('input', { id: 'account-create-name', name: 'name', type: 'text', required: true,
      maxlength: '200', placeholder: 'e.g. Acme Fuel' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'account-create-submit',
      'data-testid': 'account-create-submit', text: 'Create account' });
    const error = errorArea('account-create-error');
    const form = h('form', { class: 'card form-inline', id: 'account-create-form', novalidate: true },
      h('h2', { text: 'New account' }),
      h('div', { class: 'form-row' }, field('Account name', name), h('div', { class: 'field field-action' }, submit)),
      error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideError(error);
      const restore = busy(submit, 'Creating…');
      try {
        const account = await api.post('/admin/v1/accounts', { name: name.value });
        name.value = '';
        await ctx.reloadAccounts();
        flash(view.querySelector('.flash-slot'), 'Account ' + account.name + ' created (' + account.accountId + ').');
        await load();
      } catch (e) {
        showError(error, e);
      } finally {
        restore();
      }
    });
    return form;
  }

  async function load() {
    hideError(loadError);
    let accounts;
    try {
      accounts = await api.get('/admin/v1/accounts');
    } catch (e) {
      showError(loadError, e);
      return;
    }
    tbody.replaceChildren(...accounts.map(row));
    empty.hidden = accounts.length > 0;
    table.hidden = accounts.length === 0;
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
