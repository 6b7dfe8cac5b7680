// An account's API access keys for integrations: create one with scopes and optionally
// a list of stores (its secret is shown once), disable, enable, delete.

import * as api from './api.js';
import { act, add, badge, checkboxGroup, confirmAction, errorArea, field, flash, h, listCard, onSubmit, pageHeader,
  showError, showSecret, timeCell } from './dom.js';

const SCOPES = [
  { name: 'tickets:read', help: 'page tickets out (GET /apip/tickets)' },
  { name: 'tickets:write', help: 'send tickets in (POST /apip/tickets)' },
  { name: 'users:read', help: 'list the account\u2019s users (GET /apip/users)' },
  { name: 'monitoring:read', help: 'read station status' },
  { name: 'monitoring:write', help: 'push station status' },
];

export function renderKeys(ctx) {
  const { view, accountId } = ctx;
  const list = listCard('keys', ['Key', 'Scopes', 'Stores', 'Status', 'Created', 'Last used',
    { text: 'Actions', class: 'col-actions' }],
  'No access keys yet. Add one to connect an integration.');
  const actionError = errorArea('keys-action-error');
  const flashSlot = h('div', { class: 'flash-slot' });

  add(view,
    pageHeader(ctx, 'Access keys',
      'Keys for integrations: each has the scopes you pick and may be limited to some stores. Requests send '
      + 'the header Authentication: X-API-Key AKI={key id};AKS={secret}.'),
    flashSlot,
    createForm(),
    actionError,
    list.node);

  function createForm() {
    const name = h('input', { id: 'key-create-name', name: 'name', type: 'text', required: true, maxlength: '200',
      placeholder: 'e.g. Pegasus Reports', autocomplete: 'off' });
    const scopes = checkboxGroup('key-create-scopes', 'Scopes', SCOPES.map((s) => ({
      value: s.name,
      label: [h('code', { text: s.name }), h('span', { class: 'muted', text: ' \u2014 ' + s.help })],
    })));
    const storesSlot = h('div', { class: 'field' }, h('p', { class: 'muted', text: 'Loading stores\u2026' }));
    let stores = null;
    const submit = h('button', { type: 'submit', class: 'button button-primary', id: 'key-create-submit',
      text: 'Add key' });
    const error = errorArea('key-create-error');
    const form = h('form', { class: 'card', id: 'key-create-form', novalidate: true },
      h('h2', { text: 'Add key' }),
      h('div', { class: 'form-grid' }, field('Key name', name), scopes.node, storesSlot),
      error,
      h('div', { class: 'form-actions' }, submit));

    api.get('/admin/v1/accounts/' + api.seg(accountId) + '/stores').then((all) => {
      stores = checkboxGroup('key-create-stores', 'Limit to stores (optional)', all.map((s) => ({
        value: s.storeId,
        label: [h('code', { text: s.storeId }), s.name !== s.storeId ? h('span', { class: 'muted', text: ' ' + s.name })
          : null],
      })), all.length ? 'None ticked: every store of the account, today\u2019s and future ones.'
        : 'The account has no stores yet: the key will reach every store it gets.');
      storesSlot.replaceWith(stores.node);
    }, (e) => {
      const failed = errorArea('key-create-stores-error');
      showError(failed, e);
      storesSlot.replaceChildren(h('span', { class: 'field-label', text: 'Limit to stores (optional)' }), failed);
    });

    onSubmit(form, submit, 'Creating\u2026', error, async () => {
      const body = { name: name.value.trim(), scopes: scopes.checked() };
      const limited = stores ? stores.checked() : [];
      if (limited.length > 0) {
        body.stores = limited;
      }
      const key = await api.post('/admin/v1/accounts/' + api.seg(accountId) + '/keys', body);
      name.value = '';
      scopes.clear();
      if (stores) {
        stores.clear();
      }
      flash(flashSlot, 'Access key ' + key.name + ' created: ' + key.keyId + '.');
      showSecret({ title: 'Access key ' + key.name, keyId: key.keyId, secret: key.secret, header: key.header });
      await load();
    });
    return form;
  }

  function load() {
    return list.load(() => api.get('/admin/v1/accounts/' + api.seg(accountId) + '/keys'), row);
  }

  function row(key) {
    const enabled = key.status === 'enabled';
    const toggle = h('button', { type: 'button', class: 'button button-small',
      'data-testid': enabled ? 'key-disable' : 'key-enable', text: enabled ? 'Disable' : 'Enable' });
    toggle.addEventListener('click', () => setEnabled(key, !enabled, toggle));
    const remove = h('button', { type: 'button', class: 'button button-small button-danger-quiet',
      'data-testid': 'key-delete', text: 'Delete', on: { click: () => deleteKey(key) } });
    return h('tr', { 'data-key-id': key.keyId, 'data-testid': 'key-row' },
      h('td', {},
        h('div', { class: 'strong', 'data-testid': 'key-name', text: key.name }),
        h('code', { class: 'muted', 'data-testid': 'key-id', text: key.keyId })),
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
    const done = await act(button, enable ? 'Enabling\u2026' : 'Disabling\u2026', actionError,
      () => api.post('/admin/v1/keys/' + api.seg(key.keyId) + (enable ? '/enable' : '/disable')));
    if (done) {
      flash(flashSlot, 'Access key ' + key.name + ' is ' + (enable ? 'enabled' : 'disabled') + '.');
      await load();
    }
  }

  async function deleteKey(key) {
    const confirmed = await confirmAction({
      title: 'Delete access key',
      message: 'Delete the access key ' + key.name + ' (' + key.keyId + ')?',
      warning: 'Integrations using it lose access at once. This cannot be undone: disable it instead to pause it.',
      okLabel: 'Delete',
      danger: true,
      action: () => api.del('/admin/v1/keys/' + api.seg(key.keyId)),
    });
    if (confirmed) {
      flash(flashSlot, 'Access key ' + key.name + ' deleted.');
      await load();
    }
  }

  load();
}
