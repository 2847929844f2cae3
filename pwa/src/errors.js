// Error raised for an HTTP answer with an error status; shared by the API
// wrapper, the outbox and the customer page.
export class HttpError extends Error {
  constructor(status, body, retryAfterMs = 0) {
    const err = body?.error || {};
    super(err.message || `HTTP ${status}`);
    this.status = status;
    this.code = err.code || `http_${status}`;
    this.details = err.details || {};
    this.retryAfterMs = retryAfterMs;
  }
}
