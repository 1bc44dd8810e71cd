// The page's client of the public /v1 API: the key it sends, the problems it reads, the event streams it follows.

const KEY = 'polyphon.key';

export const apiKey = {
  get: () => localStorage.getItem(KEY) || '',
  set: (value) => localStorage.setItem(KEY, value.trim()),
};

/** A refused or failed request; `code` and `detail` come from the RFC 9457 body every refusal carries. */
export class ApiError extends Error {
  constructor(detail, code = 'http-error', status = 0) {
    super(status ? `${detail} (${code}, HTTP ${status})` : detail);
    this.detail = detail;
    this.code = code;
    this.status = status;
  }
}

export async function api(path, options = {}) {
  const headers = new Headers(options.headers);
  headers.set('Authorization', 'Bearer ' + apiKey.get());
  let res;
  try {
    res = await fetch('/v1' + path, { ...options, headers });
  } catch (e) {
    if (e.name === 'AbortError') throw e;
    throw new ApiError('Cannot reach the server: ' + e.message, 'unreachable');
  }
  if (res.ok) return res;
  let problem = {};
  try { problem = await res.json(); } catch { /* not a problem body: the status has to do */ }
  throw new ApiError(problem.detail || res.statusText || 'Request refused', problem.code || 'http-error', res.status);
}

// Seeds are 64-bit and JSON numbers lose digits past 2^53, so they travel as strings on this side and are
// written back as bare digits, or a seed copied from the page would not reproduce its job.
export const json = async (path, options) =>
  JSON.parse((await (await api(path, options)).text()).replace(/"seed":(-?\d+)/g, '"seed":"$1"'));

export const sendJson = (method, path, body) => json(path, {
  method, headers: { 'Content-Type': 'application/json' },
  body: JSON.stringify(body).replace(/"seed":"(-?\d+)"/, '"seed":$1'),
});

export async function download(path, filename) {
  const blob = await (await api(path)).blob();
  const url = URL.createObjectURL(blob);
  const link = Object.assign(document.createElement('a'), { href: url, download: filename });
  document.body.append(link); // some browsers ignore clicks on a link outside the document
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60000);
}

/**
 * Follows a job's server-sent events until it finishes, reconnecting with Last-Event-ID so nothing is missed.
 * EventSource cannot send an Authorization header, so the stream is read with fetch and parsed here.
 * `onEvent(name, data)` returns true on the last event. Errors other than a lost connection are thrown.
 */
export async function followEvents(jobId, onEvent, signal) {
  let lastId = null, failures = 0;
  while (!signal.aborted) {
    try {
      const headers = { Accept: 'text/event-stream' };
      if (lastId !== null) headers['Last-Event-ID'] = lastId;
      const res = await api(`/jobs/${jobId}/events`, { headers, signal });
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '', name = 'message', data = [];
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        const lines = buffer.split(/\r\n|\r|\n/);
        buffer = lines.pop(); // an unfinished line waits for the next chunk
        for (const line of lines) {
          if (line === '') {
            if (data.length && onEvent(name, JSON.parse(data.join('\n')))) return;
            name = 'message'; data = [];
          } else if (!line.startsWith(':')) {
            const colon = line.indexOf(':');
            const field = colon < 0 ? line : line.slice(0, colon);
            let value = colon < 0 ? '' : line.slice(colon + 1);
            if (value.startsWith(' ')) value = value.slice(1); // Spring writes "data:" with no space; others add one
            if (field === 'event') name = value;
            else if (field === 'data') data.push(value);
            else if (field === 'id') lastId = value;
          }
        }
      }
      failures = 0; // the server closed an idle stream (its timeout); pick up where it left off
    } catch (e) {
      if (signal.aborted) return;
      if (e instanceof ApiError && e.status >= 400 && e.status < 500) throw e;
      if (++failures > 5) throw new ApiError('Lost the job’s event stream: ' + e.message, 'stream-lost');
    }
    await new Promise((r) => setTimeout(r, 1000 * Math.max(failures, 1)));
  }
}
