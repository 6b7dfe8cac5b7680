// An account's API access keys for integrations: create one with scopes and optionally
// a list of stores (its secret is shown once), disable, enable, delete.

import * as api from './api.js';
import { add, badge, busy, confirmAction, errorArea, field, flash, h, hideError, pageHeader, showError, showSecret,
  timeCell } from './dom.js';

export const SCOPES = [
  { name: 'tickets:read', help: 'Page tickets out (GET /apip/tickets)' },
  { name: 'tickets:write', help: 'Send tickets in (POST /apip/tickets)' },
  { name: 'users:read', help: 'List the account\u2019s users (GET /apip/users)' },
  { name: 'monitoring:read', help: 'Read station status' },
  { name: 'monitoring:write', help: 'Push station status' },
];

export function renderKeys(ctx) {
  const { view, accountId } = ctx;
  const loadError = errorArea('keys-error');
  const actionError = errorArea('keys-action-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: 'keys-table', 'data-testid': 'keys-table' },
    h('thead', {}, h('tr', {},
      h('th', { scope: 'col', text: 'Name' }),
      h('th', { scope: 'col', text: 'Key ID' }),
      h('th', { scope: 'col', text: 'Scopes' }),
      h('th', { scope: 'col', text: 'Stores' }),
      h('th', { scope: 'col', text: 'Status' }),
      h('th', { scope: 'col', text: 'Created' }),
      h('th', { scope: 'col', text: 'Last used' }),
      h('th', { scope: 'col', class: 'col-actions', text: 'Actions' }))),
    tbody);
  const empty = h('p', { class: 'empty', id: 'keys-empty', hidden: true,
    text: 'No access keys yet. Add one to connect an integration.' });
  const flashSlot = h('div', { class: 'flash-slot' });
  const storesSelect = h('select', { id: 'key-create-stores', name: 'stores', multiple: true, size: '4',
    'aria-describedby': 'key-create-stores-hint' });

  add(view, 
    pageHeader(ctx, 'Access keys',
      'Keys for integrations: each has the scopes you pick and may be limited to some stores. Requests send '
      + 'the header Authentication: X-API-Key AKI={key id};AKS={secret}.'),
    flashSlot,
    createForm(),
    h('section', { class: 'card' }, loadError, actionError, table, empty));

  function createForm() {
    const name = h('input', { id: 'key-create-name', name: 'name', type: 'text', required: true, maxlength: '200',
      placeholder: 'e.g. Pegasus Reports' });
    const boxes = SCOPES.map((s) => h('input', { type: 'checkbox', name: 'scope', value: s.name,
      id: 'scope-' + s.name.replace(':', '-'), 'data-testid': 'scope-' + s.name.replace(':', '-') }));
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'key-create-submit',
      'data-testid': 'key-create-submit', text: 'Add key' });
    const error = errorArea('key-create-error');
    const form = h('form', { class: 'card', id: 'key-create-form', novalidate: true },
      h('h2', { text: 'Add key' }),
      h('div', { class: 'form-grid' },
        field('Key name', name),
        h('fieldset', { class: 'field checkbox-group' },
          h('legend', { text: 'Scopes' }),
          SCOPES.map((s, i) => h('div', { class: 'checkbox' },
            boxes[i],
            h('label', { for: boxes[i].id }, h('code', { text: s.name }), h('span', { class: 'muted', text: ' ' + s.help }))))),
        field('Limit to stores (optional)', storesSelect,
          'None selected: every store of the account. Hold Ctrl (\u2318 on a Mac) to pick several.')),
      error,
      h('div', { class: 'form-actions' }, submit));
    form.addEventListener('submit', async (event) => {
      event.preventDefault();
      hideError(error);
      const scopes = boxes.filter((b) => b.checked).map((b) => b.value);
      const body = { name: name.value.trim(), scopes };
      const stores = Array.from(storesSelect.selectedOptions).map((o) => o.value);
      if (stores.length > 0) {
        body.stores = stores;
      }
      const restore = busy(submit, 'Creating…');
      let key;
      try {
        key = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/keys', body);
      } catch (e) {
        restore();
        showError(error, e);
        return;
      }
      restore();
      name.value = '';
      boxes.forEach((b) => { b.checked = false; });
      Array.from(storesSelect.options).forEach((o) => { o.selected = false; });
      flash(flashSlot, 'Access key ' + key.name + ' created: ' + key.keyId + '.');
      await load();
      await showSecret({ title: 'Access key ' + key.name, keyId: key.keyId, secret: key.secret, header: key.header });
    });
    return form;
  }

  async function loadStores() {
    try {
      const stores = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/stores');
      storesSelect.replaceChildren(...stores.map((s) => h('option', { value: s.storeId,
        text: s.storeId + (s.name && s.name !== s.storeId ? ' \u2014 ' + s.name : '') })));
      storesSelect.disabled = stores.length === 0;
    } catch (e) {
      storesSelect.disabled = true;
    }
  }

  async function load() {
    hideError(loadError);
    let keys;
    try {
      keys = await api.get('/admin/v1/accounts/' + api.seg(accountId) + '/keys');
    } catch (e) {
      showError(loadError, e);
      table.hidden = true;
      return;
    }
    tbody.replaceChildren(...keys.map(row));
    empty.hidden = keys.length > 0;
    table.hidden = keys.length === 0;
  }

  function row(key) {
    const enabled = key.status === 'enabled';
    const toggle = h('button', { type: 'button', class: 'button button-small',
      'data-testid': enabled ? 'key-disable' : 'key-enable', text: enabled ? 'Disable' : 'Enable',
      on: { click: (event) => setEnabled(key, !enabled, event.currentTarget) } });
    const remove = h('button', { type: 'button', class: 'button button-small button-danger-quiet',
      'data-testid': 'key-delete', text: 'Delete', on: { click: () => deleteKey(key) } });
    return h('tr', { 'data-key-id': key.keyId, 'data-testid': 'key-row' },
      h('td', { class: 'strong', 'data-testid': 'key-name', text: key.name }),
      h('td', {}, h('code', { 'data-testid': 'key-id', text: key.keyId })),
      h('td', { 'data-testid': 'key-scopes' }, h('div', { class: 'chips' },
        key.scopes.map((s) => h('span', { class: 'chip', text: s })))),
      h('td', { 'data-testid': 'key-stores' }, key.stores && key.stores.length
        ? h('div', { class: 'chips' }, key.stores.map((s) => h('span', { class: 'chip chip-store', text: s })))
        : h('span', { class: 'muted', text: 'All stores' })),
      h('td', {}, badge(enabled ? 'Enabled' : 'Disabled', enabled ? 'ok' : 'off', 'key-status')),
      h('td', {}, timeCell(key.createdDate)),
      h('td', { 'data-testid': 'key-last-used' }, timeCell(key.lastUsedDate, 'Never')),
      h('td', { class: 'col-actions' }, toggle, remove));
  }

  async function setEnabled(key, enable, button) {
    hideError(actionError);
    const restore = busy(button, enable ? 'Enabling…' : 'Disabling…');
    try {
      await api.post('/admin/v1/keys/' + api.seg(key.keyId) + (enable ? '/enable' : '/disable'));
    } catch (e) {
      restore();
      showError(actionError, e);
      return;
    }
    flash(flashSlot, 'Access key ' + key.name + ' is ' + (enable ? 'enabled' : 'disabled') + '.');
    await load();
  }

  async function deleteKey(key) {
    hideError(actionError);
    const confirmed = await confirmAction({
      title: 'Delete access key',
      message: 'Delete the access key ' + key.name + ' (' + key.keyId + ')?',
      warning: 'Integrations using it lose access at once. This cannot be undone: disable it instead to pause it.',
      okLabel: 'Delete',
      danger: true,
      action: () => api.del('/admin/v1/keys/' + api.seg(key.keyId)),
    });
    if (!confirmed) {
      return;
    }
    flash(flashSlot, 'Access key ' + key.name + ' deleted.');
    await load();
  }

  loadStores();
  load();
}
