// DOM building and the shared widgets: dates, badges, error areas, the confirm
// dialog and the show-once secret dialog. Text goes in through textContent only,
// so nothing from the server is ever parsed as HTML.

/**
 * Creates an element. attrs: class, text, on ({event: fn}),
 * any other key is set as an attribute (false/null/undefined skip it, true sets it empty).
 */
export function h(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs || {})) {
    if (value === undefined || value === null || value === false) {
      continue;
    }
    if (key === 'class') {
      node.className = value;
    } else if (key === 'text') {
      node.textContent = value;
    } else if (key === 'on') {
      for (const [event, fn] of Object.entries(value)) {
        node.addEventListener(event, fn);
      }
    } else if (value === true) {
      node.setAttribute(key, '');
    } else {
      node.setAttribute(key, String(value));
    }
  }
  append(node, children);
  return node;
}

/** Appends children to node, skipping null, undefined and false (Element.append would print them). */
export function add(node, ...children) {
  append(node, children);
  return node;
}

function append(node, children) {
  for (const child of children) {
    if (child === null || child === undefined || child === false) {
      continue;
    }
    if (Array.isArray(child)) {
      append(node, child);
    } else if (child instanceof Node) {
      node.appendChild(child);
    } else {
      node.appendChild(document.createTextNode(String(child)));
    }
  }
}

export function clear(node) {
  while (node.firstChild) {
    node.removeChild(node.firstChild);
  }
  return node;
}

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'short' });
const CLOCK = new Intl.DateTimeFormat(undefined, { timeStyle: 'short' });

function dateOf(micros) {
  return new Date(Math.floor(Number(micros) / 1000));
}

/** Microseconds since the epoch as a local time of day. */
export function formatClock(micros) {
  return CLOCK.format(dateOf(micros));
}

/** How long ago: "12 s ago", "5 min ago", "3 h ago"; a day or more shows the date. */
function ago(date) {
  const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (seconds < 60) {
    return seconds + ' s ago';
  }
  if (seconds < 3600) {
    return Math.floor(seconds / 60) + ' min ago';
  }
  if (seconds < 86400) {
    return Math.floor(seconds / 3600) + ' h ago';
  }
  return DATE_TIME.format(date);
}

/**
 * A <time> element for microseconds since the epoch, with the exact local time as its tooltip;
 * relative ("12 s ago") when asked. null or undefined shows the none text instead.
 */
export function timeCell(micros, none = '\u2014', relative = false) {
  if (micros === null || micros === undefined) {
    return h('span', { class: 'muted', text: none });
  }
  const date = dateOf(micros);
  return h('time', { datetime: date.toISOString(), title: date.toLocaleString(),
    text: relative ? ago(date) : DATE_TIME.format(date) });
}

/** A coloured badge; tone: ok, warn, bad, off, info. */
export function badge(text, tone, testid) {
  return h('span', { class: 'badge badge-' + tone, 'data-testid': testid, text });
}

/** An error area (role alert): hidden until showError. */
export function errorArea(id) {
  return h('p', { class: 'error', id, role: 'alert', hidden: true });
}

export function showError(node, error) {
  node.textContent = error instanceof Error ? error.message : String(error);
  node.hidden = false;
}

export function hideError(node) {
  node.textContent = '';
  node.hidden = true;
}

/** Sets a button busy while an action runs; returns a function that restores it. */
export function busy(button, label) {
  const before = button.textContent;
  button.disabled = true;
  button.setAttribute('aria-busy', 'true');
  if (label) {
    button.textContent = label;
  }
  return () => {
    button.disabled = false;
    button.removeAttribute('aria-busy');
    button.textContent = before;
  };
}

/**
 * Runs one user action: the button is busy meanwhile, and a failure shows the server's
 * message in errorNode. Resolves true when the action succeeded.
 */
export async function act(button, busyLabel, errorNode, action) {
  hideError(errorNode);
  const restore = busy(button, busyLabel);
  try {
    await action();
    return true;
  } catch (e) {
    showError(errorNode, e);
    return false;
  } finally {
    restore();
  }
}

/** Runs action (through act) when the form is submitted. */
export function onSubmit(form, button, busyLabel, errorNode, action) {
  form.addEventListener('submit', (event) => {
    event.preventDefault();
    act(button, busyLabel, errorNode, action);
  });
}

/** A labelled input inside a form field wrapper; a hint is tied to the input with aria-describedby. */
export function field(labelText, input, hint) {
  const hintId = input.id + '-hint';
  if (hint) {
    input.setAttribute('aria-describedby', hintId);
  }
  return h('div', { class: 'field' },
    h('label', { for: input.id, text: labelText }),
    input,
    hint ? h('p', { class: 'hint', id: hintId, text: hint }) : null);
}

/** A group of checkboxes under a legend, one per option {value, label}; returns {node, checked(), clear()}. */
export function checkboxGroup(id, legend, options, hint) {
  const boxes = options.map((o, i) => h('input', { type: 'checkbox', id: id + '-' + i, value: o.value }));
  const node = h('fieldset', { class: 'field checkbox-group', id, 'aria-describedby': hint ? id + '-hint' : null },
    h('legend', { text: legend }),
    h('div', { class: 'checkbox-list' }, options.map((o, i) => h('div', { class: 'checkbox' },
      boxes[i], h('label', { for: boxes[i].id }, o.label)))),
    hint ? h('p', { class: 'hint', id: id + '-hint', text: hint }) : null);
  return {
    node,
    checked: () => boxes.filter((b) => b.checked).map((b) => b.value),
    clear: () => boxes.forEach((b) => { b.checked = false; }),
  };
}

/**
 * A card with a list table: its column headings, a loading line, a message when the list is
 * empty, and an error area for a failed load. columns: heading texts, or {text, class}.
 */
export function listCard(id, columns, emptyText) {
  const error = errorArea(id + '-error');
  const tbody = h('tbody');
  const table = h('table', { class: 'table', id: id + '-table', hidden: true },
    h('thead', {}, h('tr', {}, columns.map((c) => typeof c === 'string'
      ? h('th', { scope: 'col', text: c })
      : h('th', { scope: 'col', class: c.class, text: c.text })))),
    tbody);
  const loading = h('p', { class: 'muted', text: 'Loading\u2026' });
  const empty = h('p', { class: 'empty', id: id + '-empty', text: emptyText, hidden: true });
  return {
    node: h('section', { class: 'card card-table' }, error, loading, table, empty),
    /** Fetches the items and shows one row each, or the server's message when that fails. */
    async load(fetchItems, row) {
      let items;
      try {
        items = await fetchItems();
      } catch (e) {
        loading.hidden = true;
        table.hidden = true;
        empty.hidden = true;
        showError(error, e);
        return null;
      }
      hideError(error);
      loading.hidden = true;
      tbody.replaceChildren(...items.map(row));
      table.hidden = items.length === 0;
      empty.hidden = items.length > 0;
      return items;
    },
  };
}

/**
 * Asks for confirmation. action is run when Ok is pressed; while it runs the dialog
 * stays open; if it throws, the server's message is shown in the dialog and it stays
 * open (Cancel closes it). Resolves true when the action succeeded, false on Cancel.
 */
export function confirmAction({ title, message, warning, okLabel, danger, action }) {
  const dialog = document.getElementById('confirm-dialog');
  const ok = document.getElementById('confirm-ok');
  const cancel = document.getElementById('confirm-cancel');
  const error = document.getElementById('confirm-error');
  const warningNode = document.getElementById('confirm-warning');
  document.getElementById('confirm-title').textContent = title;
  document.getElementById('confirm-message').textContent = message;
  warningNode.textContent = warning || '';
  warningNode.hidden = !warning;
  hideError(error);
  ok.textContent = okLabel || 'Ok';
  ok.disabled = false;
  ok.className = danger ? 'button button-danger' : 'button button-primary';

  return new Promise((resolve) => {
    const finish = (result) => {
      ok.removeEventListener('click', onOk);
      cancel.removeEventListener('click', onCancel);
      dialog.removeEventListener('cancel', onEscape);
      if (dialog.open) {
        dialog.close();
      }
      resolve(result);
    };
    const onOk = async () => {
      if (await act(ok, 'Working\u2026', error, action)) {
        finish(true);
      }
    };
    const onCancel = () => finish(false);
    const onEscape = (event) => {
      event.preventDefault();
      finish(false);
    };
    ok.addEventListener('click', onOk);
    cancel.addEventListener('click', onCancel);
    dialog.addEventListener('cancel', onEscape);
    dialog.showModal();
    cancel.focus();
  });
}

/**
 * Shows a newly issued secret once: key id, secret and the full header value, with
 * a Copy button. Resolves when the dialog is closed.
 */
export function showSecret({ title, keyId, secret, header }) {
  const dialog = document.getElementById('secret-dialog');
  const done = document.getElementById('secret-done');
  const copy = document.getElementById('secret-copy');
  const status = document.getElementById('secret-copy-status');
  const source = document.getElementById('secret-copy-source');
  const headerValue = header || ('X-API-Key AKI=' + keyId + ';AKS=' + secret);
  document.getElementById('secret-title').textContent = title;
  document.getElementById('secret-key-id').textContent = keyId;
  document.getElementById('secret-value').textContent = secret;
  document.getElementById('secret-header').textContent = headerValue;
  source.value = headerValue;
  status.textContent = '';

  return new Promise((resolve) => {
    const onCopy = async () => {
      const copied = await copyText(headerValue, source);
      status.textContent = copied ? 'Copied to the clipboard.'
        : 'Copying is not allowed here: select the header value and copy it by hand.';
    };
    const onClose = () => {
      copy.removeEventListener('click', onCopy);
      done.removeEventListener('click', onDone);
      dialog.removeEventListener('close', onClose);
      // The secret leaves the page with the dialog.
      document.getElementById('secret-value').textContent = '';
      document.getElementById('secret-header').textContent = '';
      source.value = '';
      resolve();
    };
    const onDone = () => dialog.close();
    copy.addEventListener('click', onCopy);
    done.addEventListener('click', onDone);
    dialog.addEventListener('close', onClose);
    dialog.showModal();
    copy.focus();
  });
}

/** Copies text with the Clipboard API, or with a selected textarea and execCommand where that is refused. */
async function copyText(text, fallbackSource) {
  if (navigator.clipboard && window.isSecureContext) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch (e) {
      // Refused (no permission, no focus): fall back below.
    }
  }
  try {
    fallbackSource.value = text;
    fallbackSource.focus();
    fallbackSource.select();
    return document.execCommand('copy');
  } catch (e) {
    return false;
  }
}

/** A short success notice at the top of the view, replaced by the next one. */
export function flash(container, message) {
  const existing = container.querySelector('.flash');
  if (existing) {
    existing.remove();
  }
  const node = h('p', { class: 'notice notice-ok flash', role: 'status', 'data-testid': 'flash', text: message });
  container.prepend(node);
}

/**
 * A screen's heading: the title, a line of help and optional actions on the right; an
 * account's screens (ctx given) also get a breadcrumb back to the accounts.
 */
export function pageHeader(ctx, title, subtitle, ...actions) {
  const breadcrumb = ctx ? h('p', { class: 'breadcrumb' },
    h('a', { href: '#/accounts', text: 'Accounts' }), ' / ',
    h('span', { 'data-testid': 'breadcrumb-account',
      text: ctx.account ? ctx.account.name + ' (' + ctx.accountId + ')' : ctx.accountId })) : null;
  return h('div', { class: 'page-header' },
    h('div', {}, breadcrumb, h('h1', { text: title }), subtitle ? h('p', { class: 'muted', text: subtitle }) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}
