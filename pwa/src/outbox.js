// The app's own outbox (not Workbox background sync). Two halves:
//   1. a pure state machine (outbox/states.js): functions (item, event) -> item, tested alone;
//   2. a thin runner (outbox/runner.js) that feeds it server answers, with storage and HTTP
//      injected so tests drive it with fakes.
//
// Item states: waiting -> sending -> (deleted after ack) | waiting (backoff)
//              | attention (server refused: conflict/invalid/forbidden)
//              | auth (session gone: kept until the user signs in again).
// The submission UUID is fixed when the item is created and never changes,
// so a retry after a lost response is stored exactly once by the server.

import { HttpError } from './errors.js';

export { HttpError };
export * from './outbox/states.js';
export { OutboxRunner } from './outbox/runner.js';
