// An account's stores and each store's API credentials: create a store, "Generate a
// New API Key" (confirmed, as it replaces the current key; the secret is shown once)
// and "Revoke" (confirmed; the store's API status becomes Key Inactive).

import * as api from './api.js';
import { add, badge, busy, confirmAction, errorArea, field, flash, h, hideError, pageHeader, showError, showSecret,
  timeCell } from './dom.js';

const KEY_ACTIVE = 'Key Active';

export function renderStores(ctx) {
  const { view, accountId } = ctx;
  const loadError = errorArea('stores-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'stores-table', 'data-testid': 'stores-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Store ID' }),
      h('th', { scope: 'col', text: 'Name' }),
      h('th', { scope: 'col', text: 'Created' }),
      h('th', { scope: 'col', text: 'API status' }),
      h('th', { scope: 'col', text: 'API key id' }),
      h('th', { scope: 'col', class: 'col-actions', text: 'API credentials' }))),
    tbody);
  const empty = h('p', { class: 'empty', id: 'stores-empty', hidden: true,
    text: 'This account has no stores yet. Create one above; then generate its API key.' });
  const flashSlot = h('div', { class: 'flash-slot' });

  add(view, 
    pageHeader(ctx, 'Stores & API keys',
      'Each store has one set of API credentials to share with a connected solution. Generating a new key replaces '
      + 'the old one; revoking sets the store to Key Inactive. There is no limit to how often you do either.'),
    flashSlot,
    createForm(),
    h('section', { class: 'card' }, loadError, table, empty));

  function createForm() {
    const storeId = h('input', { id: 'store-create-id', name: 'storeId', type: 'text', required: true, maxlength: '64',
      pattern: '[A-Za-z0-9._\\-]{1,64}', placeholder: 'e.g. store-1', spellcheck: 'false',
      'aria-describedby': 'store-create-id-hint' });
    const name = h('input', { id: 'store-create-name', name: 'name', type: 'text', maxlength: '200',
      placeholder: 'e.g. Main Street' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'store-create-submit',
      'data-testid': 'store-create-submit', text: 'Create store' });
    const error = errorArea('store-create-error');
    const form = h('form', { class: 'card', id: 'store-create-form', novalidate: true },
      h('h2', { text: 'New store' }),
      h('div', { class: 'form-row' },
        field('Store ID', storeId, '1 to 64 characters: letters, digits, . _ -'),
        field('Name', name),
        h('div', { class: 'field field-action' }, submit)),
      error);
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideError(error);
      const body = { storeId: storeId.value.trim() };
      if (name.value.trim()) {
        body.name = name.value.trim();
      }
      const restore = busy(submit, 'Creating…');
      try {
        const store = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/stores', body);
        storeId.value = '';
        name.value = '';
        flash(flashSlot, 'Store ' + store.storeId + ' created. Its API status is ' + store.credentialStatus + '.');
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
    let stores;
    try {
      stores = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/stores');
    } catch (e) {
      showError(loadError, e);
      table.hidden = true;
      return;
    }
    tbody.replaceChildren(...stores.map(row));
    empty.hidden = stores.length > 0;
    table.hidden = stores.length === 0;
  }

  function row(store) {
    const active = store.credentialStatus === KEY_ACTIVE;
    const generate = h('button', { type: 'button', class: 'button button-small', 'data-testid': 'store-generate',
      text: 'Generate a New API Key', on: { click: () => generateKey(store) } });
    const revoke = h('button', { type: 'button', class: 'button button-small button-danger-quiet',
      'data-testid': 'store-revoke', text: 'Revoke', disabled: !active, on: { click: () => revokeKey(store) } });
    return h('tr', { 'data-store-id': store.storeId, 'data-testid': 'store-row' },
      h('td', {}, h('code', { 'data-testid': 'store-id', text: store.storeId })),
      h('td', { 'data-testid': 'store-name', text: store.name }),
      h('td', {}, timeCell(store.createdDate)),
      h('td', {}, badge(store.credentialStatus, active ? 'ok' : 'off', 'store-status')),
      h('td', {}, store.credentialKeyId
        ? h('code', { 'data-testid': 'store-key-id', text: store.credentialKeyId })
        : h('span', { class: 'muted', 'data-testid': 'store-key-id', text: '—' })),
      h('td', { class: 'col-actions' }, generate, revoke));
  }

  async function generateKey(store) {
    const active = store.credentialStatus === KEY_ACTIVE;
    let issued = null;
    const confirmed = await confirmAction({
      title: 'Generate a New API Key',
      message: 'Generate new API credentials for store ' + store.storeId + ' (' + store.name + ')?',
      warning: active
        ? 'This replaces the current key ' + store.credentialKeyId + ': it stops working at once, and every '
          + 'application connected with it must be given the new credentials.'
        : 'The store has no active key. The new secret is shown once, right after this step.',
      okLabel: 'Ok',
      action: async () => {
        issued = await api.post('/admin/v1/stores/' + api.seg(store.storeId) + '/credentials');
      },
    });
    if (!confirmed) {
      return;
    }
    await load();
    flash(flashSlot, 'Store ' + store.storeId + ' has a new API key: ' + issued.keyId + '.');
    await showSecret({ title: 'API credentials for store ' + store.storeId, keyId: issued.keyId,
      secret: issued.secret, header: issued.header });
  }

  async function revokeKey(store) {
    const confirmed = await confirmAction({
      title: 'Revoke API credentials',
      message: 'Revoke the API key ' + (store.credentialKeyId || '') + ' of store ' + store.storeId + ' ('
        + store.name + ')?',
      warning: 'Applications using it lose access at once and the store\u2019s API status becomes Key Inactive. '
        + 'You can generate a new key at any time.',
      okLabel: 'Revoke',
      danger: true,
      action: () => api.del('/admin/v1/stores/' + api.seg(store.storeId) + '/credentials'),
    });
    if (!confirmed) {
      return;
    }
    flash(flashSlot, 'The API key of store ' + store.storeId + ' is revoked.');
    await load();
  }

  load();
}
