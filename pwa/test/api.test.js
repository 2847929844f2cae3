import { afterEach, describe, expect, it, vi } from 'vitest';
import { HttpError, NetworkError, OUTBOX_TIMEOUT_MS, api, request, setLocaleSource } from '../src/api.js';

function answer(status, body) {
  return new Response(JSON.stringify(body), { status, headers: { 'Content-Type': 'application/json' } });
}

function mockFetch(status = 200, body = {}) {
  const fetchMock = vi.fn(async () => answer(status, body));
  vi.stubGlobal('fetch', fetchMock);
  return fetchMock;
}

const sentHeaders = (fetchMock, n = 0) => fetchMock.mock.calls[n][1].headers;

afterEach(() => {
  setLocaleSource(null);
  vi.unstubAllGlobals();
});

describe('Accept-Language', () => {
  it('sends the UI locale with every request', async () => {
    const fetchMock = mockFetch();
    setLocaleSource('zh-CN');
    await api.me();
    await api.sync([]);
    expect(sentHeaders(fetchMock, 0)['Accept-Language']).toBe('zh-CN');
    expect(sentHeaders(fetchMock, 1)['Accept-Language']).toBe('zh-CN');
  });

  it('follows a locale that changes while the app runs', async () => {
    const fetchMock = mockFetch();
    let locale = 'zh-CN';
    setLocaleSource(() => locale);
    await request('GET', '/api/v1/me/assignments');
    locale = 'en';
    await request('GET', '/api/v1/me/assignments');
    expect(sentHeaders(fetchMock, 0)['Accept-Language']).toBe('zh-CN');
    expect(sentHeaders(fetchMock, 1)['Accept-Language']).toBe('en');
  });

  it('sends no header before a locale is known, and an explicit header wins', async () => {
    const fetchMock = mockFetch();
    await request('GET', '/api/v1/me');
    expect(sentHeaders(fetchMock, 0)).not.toHaveProperty('Accept-Language');
    setLocaleSource('en');
    await request('GET', '/api/v1/me', { headers: { 'Accept-Language': 'zh-CN' } });
    expect(sentHeaders(fetchMock, 1)['Accept-Language']).toBe('zh-CN');
  });

  it('hands the server message, in the asked language, to the error', async () => {
    mockFetch(401, { error: { code: 'invalid_credentials', message: '邮箱或密码错误。', details: {} } });
    setLocaleSource('zh-CN');
    const err = await api.login('a@example.test', 'x').catch((e) => e);
    expect(err).toBeInstanceOf(HttpError);
    expect(err.code).toBe('invalid_credentials');
    expect(err.message).toBe('邮箱或密码错误。');
  });
});

describe('outbox requests give up', () => {
  // A fetch that never settles unless its signal aborts it (a half-open connection).
  function hangingFetch() {
    const fetchMock = vi.fn(
      (_path, init) =>
        new Promise((_resolve, reject) => {
          init.signal?.addEventListener('abort', () => reject(init.signal.reason));
        })
    );
    vi.stubGlobal('fetch', fetchMock);
    return fetchMock;
  }

  for (const [name, call] of [
    ['a photo upload', () => api.putAttachment('a'.repeat(64), new Blob(['x']), 'image/jpeg')],
    ['a sync batch', () => api.sync([])],
  ]) {
    it(`${name} that hangs ends as a network error after OUTBOX_TIMEOUT_MS`, async () => {
      vi.useFakeTimers();
      try {
        const fetchMock = hangingFetch();
        const pending = call().catch((e) => e);
        await vi.advanceTimersByTimeAsync(OUTBOX_TIMEOUT_MS - 1);
        expect(fetchMock).toHaveBeenCalledTimes(1);
        let settled = false;
        pending.then(() => (settled = true));
        await Promise.resolve();
        expect(settled).toBe(false);
        await vi.advanceTimersByTimeAsync(2);
        const err = await pending;
        expect(err).toBeInstanceOf(NetworkError);
      } finally {
        vi.useRealTimers();
      }
    });
  }

  it('other requests keep no deadline (sign-in waits as long as the user does)', async () => {
    const fetchMock = mockFetch();
    await api.me();
    expect(fetchMock.mock.calls[0][1].signal).toBeUndefined();
  });
});
