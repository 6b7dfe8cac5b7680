// An account's stores and each store's API credentials: create a store, "Generate a
// New API Key" (confirmed, as it replaces the current key; the secret is shown once)
// and "Revoke" (confirmed; the store's API status becomes Key Inactive).

import * as api from './api.js';
import { add, badge, confirmAction, errorArea, field, flash, h, listCard, onSubmit, pageHeader, showSecret,
  timeCell } from './dom.js';

const KEY_ACTIVE = 'Key Active';

export function renderStores(ctx) {
  const { view, accountId } = ctx;
  const list = listCard('stores', ['Store ID', 'Name', 'Created', 'API status', 'API key id',
    { text: 'API credentials', class: 'col-actions' }],
  'This account has no stores yet. Create one above; then generate its API key.');
  const flashSlot = h('div', { class: 'flash-slot' });

  add(view,
    pageHeader(ctx, 'Stores & API keys',
      'Each store has one set of API credentials to share with a connected solution. Generating a new key replaces '
      + 'the old one; revoking sets the store to Key Inactive. There is no limit to how often you do either.'),
    flashSlot,
    createForm(),
    list.node);

  function createForm() {
    const storeId = h('input', { id: 'store-create-id', name: 'storeId', type: 'text', required: true, maxlength: '64',
      pattern: '[A-Za-z0-9._\\-]{1,64}', placeholder: 'e.g. store-1', spellcheck: 'false', autocomplete: 'off' });
    const name = h('input', { id: 'store-create-name', name: 'name', type: 'text', maxlength: '200',
      placeholder: 'e.g. Main Street', autocomplete: 'off' });
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'store-create-submit',
      text: 'Create store' });
    const error = errorArea('store-create-error');
    const form = h('form', { class: 'card', id: 'store-create-form', novalidate: true },
      h('h2', { text: 'New store' }),
      h('div', { class: 'form-row' },
        field('Store ID', storeId, '1 to 64 characters: letters, digits, . _ -'),
        field('Name (optional)', name),
        h('div', { class: 'field field-action' }, submit)),
      error);
    onSubmit(form, submit, 'Creating\u2026', error, async () => {
      const body = { storeId: storeId.value.trim() };
      if (name.value.trim()) {
        body.name = name.value.trim();
      }
      const store = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/stores', body);
      storeId.value = '';
      name.value = '';
      flash(flashSlot, 'Store ' + store.storeId + ' created. Its API status is ' + store.credentialStatus + '.');
      await load();
    });
    return form;
  }

  function load() {
    return list.load(() => api.get('/admin/v1/accounts/' + api.seg(accountId) + '/stores'), row);
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
        : h('span', { class: 'muted', 'data-testid': 'store-key-id', text: '\u2014' })),
      h('td', { class: 'col-actions' }, generate, revoke));
  }

  async function generateKey(store) {
    let issued = null;
    const confirmed = await confirmAction({
      title: 'Generate a New API Key',
      message: 'Generate new API credentials for store ' + store.storeId + ' (' + store.name + ')?',
      warning: store.credentialStatus === KEY_ACTIVE
        ? 'This replaces the current key ' + store.credentialKeyId + ': it stops working at once, and every '
          + 'application connected with it must be given the new credentials.'
        : 'The new secret is shown once, right after this step.',
      action: async () => {
        issued = await api.post('/admin/v1/stores/' + api.seg(store.storeId) + '/credentials');
      },
    });
    if (!confirmed) {
      return;
    }
    flash(flashSlot, 'Store ' + store.storeId + ' has a new API key: ' + issued.keyId + '.');
    showSecret({ title: 'API credentials for store ' + store.storeId, keyId: issued.keyId, secret: issued.secret,
      header: issued.header });
    await load();
  }

  async function revokeKey(store) {
    const confirmed = await confirmAction({
      title: 'Revoke API credentials',
      message: 'Revoke the API key ' + store.credentialKeyId + ' of store ' + store.storeId + ' (' + store.name + ')?',
      warning: 'Applications using it lose access at once and the store\u2019s API status becomes Key Inactive. '
        + 'You can generate a new key at any time.',
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
