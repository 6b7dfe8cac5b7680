// The console's only way to the server: JSON over fetch, same-origin cookie, and the
// X-Ticketd-Console header the server requires on every cookie-authenticated request
// (its guard against cross-site requests).

/** A refused request: the HTTP status and the server's {"error":{"code","message"}}. */
export class ApiError extends Error {
  constructor(status, code, message) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
  }
}

let onSessionLost = () => {};

/** Called when an admin request answers 401: the session expired or was signed out elsewhere. */
export function setSessionLostHandler(handler) {
  onSessionLost = handler;
}

/**
 * Sends one request and returns the "content" of the answer.
 * Throws ApiError with the server's error message when the answer is not 2xx.
 */
export async function request(method, path, body) {
  const headers = { 'X-Ticketd-Console': '1', 'Accept': 'application/json' };
  const init = { method, headers, credentials: 'same-origin', cache: 'no-store' };
  if (body !== undefined) {
    headers['Content-Type'] = 'application/json';
    init.body = JSON.stringify(body);
  }
  let response;
  try {
    response = await fetch(path, init);
  } catch (e) {
    throw new ApiError(0, 'network_error', 'The server could not be reached (' + e.message + ').');
  }
  const text = await response.text();
  let json = null;
  if (text) {
    try {
      json = JSON.parse(text);
    } catch (e) {
      json = null;
    }
  }
  if (!response.ok) {
    const error = json && json.error ? json.error : null;
    const message = error && error.message ? error.message
      : 'The server answered ' + response.status + (response.statusText ? ' ' + response.statusText : '') + '.';
    const failure = new ApiError(response.status, error && error.code ? error.code : 'http_' + response.status, message);
    if (response.status === 401 && !path.startsWith('/console/api/session')) {
      onSessionLost(failure);
    }
    throw failure;
  }
  return json && Object.prototype.hasOwnProperty.call(json, 'content') ? json.content : json;
}

export const get = (path) => request('GET', path);
export const post = (path, body) => request('POST', path, body);
export const put = (path, body) => request('PUT', path, body);
export const del = (path) => request('DELETE', path);

/** Encodes one path segment (ids are [A-Za-z0-9._-] today; this keeps it safe if that widens). */
export const seg = (value) => encodeURIComponent(value);
