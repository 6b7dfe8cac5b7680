// DOM building and the shared widgets: dates, badges, error areas, the confirm
// dialog and the show-once secret dialog. Text goes in through textContent only,
// so nothing from the server is ever parsed as HTML.

/**
 * Creates an element. attrs: class, id, text, dataset ({key: value}), on ({event: fn}),
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
    } else if (key === 'dataset') {
      Object.assign(node.dataset, value);
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

const DATE_TIME = new Intl.DateTimeFormat(undefined, { dateStyle: 'medium', timeStyle: 'medium' });

/** Microseconds since the epoch as a local date and time; null shows as the given text. */
export function formatMicros(micros, none = '—') {
  if (micros === null || micros === undefined) {
    return none;
  }
  return DATE_TIME.format(new Date(Math.floor(Number(micros) / 1000)));
}

/** A <time> element for microseconds since the epoch, with the ISO form as its tooltip. */
export function timeCell(micros, none = '—') {
  if (micros === null || micros === undefined) {
    return h('span', { class: 'muted', text: none });
  }
  const date = new Date(Math.floor(Number(micros) / 1000));
  return h('time', { datetime: date.toISOString(), title: date.toISOString(), text: DATE_TIME.format(date) });
}

/** A coloured badge; tone: ok, warn, bad, off, info. */
export function badge(text, tone, testid) {
  return h('span', { class: 'badge badge-' + tone, 'data-testid': testid, text });
}

/** An error area: hidden until show(message). */
export function errorArea(id, testid) {
  const node = h('p', { class: 'error', id, 'data-testid': testid || id, role: 'alert', hidden: true });
  return node;
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

/** A labelled input inside a form field wrapper. */
export function field(labelText, input, hint) {
  const id = input.id;
  return h('div', { class: 'field' },
    h('label', { for: id, text: labelText }),
    input,
    hint ? h('p', { class: 'hint', id: id + '-hint', text: hint }) : null);
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
      hideError(error);
      const restore = busy(ok, 'Working…');
      try {
        await action();
        restore();
        finish(true);
      } catch (e) {
        restore();
        showError(error, e);
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
export async function copyText(text, fallbackSource) {
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

/** The heading of an account's screen: a breadcrumb to the accounts, the title and a line of help. */
export function pageHeader(ctx, title, subtitle, ...actions) {
  const accountLabel = ctx.account ? ctx.account.name + ' (' + ctx.accountId + ')' : ctx.accountId;
  return h('div', { class: 'page-header' },
    h('div', {},
      h('p', { class: 'breadcrumb' },
        h('a', { href: '#/accounts', text: 'Accounts' }), ' / ',
        h('span', { 'data-testid': 'breadcrumb-account', text: accountLabel })),
      h('h1', { text: title }),
      subtitle ? h('p', { class: 'muted', text: subtitle }) : null),
    actions.length ? h('div', { class: 'page-actions' }, actions) : null);
}
