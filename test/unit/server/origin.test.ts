import type { IncomingMessage } from 'node:http';
import { clientAddress, fromAnotherOrigin, ownOrigin, type ProxyTrust } from '../../../server/http/security';

const trustLoopbackAnd =
  (...more: string[]): ProxyTrust =>
  (address) =>
    address === '127.0.0.1' || more.includes(address);
const request = (remoteAddress: string, headers: Record<string, string>): IncomingMessage =>
  ({ socket: { remoteAddress }, headers }) as unknown as IncomingMessage;

describe('fromAnotherOrigin', () => {
  const own = 'https://board.camp.example';

  test('believes Sec-Fetch-Site first: same-origin and none are this site, same-site and cross-site are not', () => {
    expect(fromAnotherOrigin({ 'sec-fetch-site': 'same-origin', origin: 'https://elsewhere.example' }, own)).toBe(false);
    expect(fromAnotherOrigin({ 'sec-fetch-site': 'none' }, own)).toBe(false);
    expect(fromAnotherOrigin({ 'sec-fetch-site': 'same-site', origin: own }, own)).toBe(true);
    expect(fromAnotherOrigin({ 'sec-fetch-site': 'cross-site' }, own)).toBe(true);
  });

  test('without it, compares Origin with this site’s origin, scheme and port included', () => {
    expect(fromAnotherOrigin({ origin: 'https://BOARD.camp.example:443' }, own)).toBe(false);
    expect(fromAnotherOrigin({ origin: 'http://board.camp.example' }, own)).toBe(true);
    expect(fromAnotherOrigin({ origin: 'https://board.camp.example:8443' }, own)).toBe(true);
    expect(fromAnotherOrigin({ origin: 'null' }, own)).toBe(true);
    expect(fromAnotherOrigin({ origin: own }, null)).toBe(true);
  });

  test('a request with neither header is not a browser’s', () => {
    expect(fromAnotherOrigin({}, own)).toBe(false);
  });
});

describe('ownOrigin', () => {
  test('is the Host over plain HTTP, or what a trusted proxy forwards', () => {
    expect(ownOrigin(request('203.0.113.5', { host: 'board.camp.example:3000' }), trustLoopbackAnd())).toBe(
      'http://board.camp.example:3000',
    );
    const proxied = { host: '127.0.0.1:3000', 'x-forwarded-proto': 'https', 'x-forwarded-host': 'board.camp.example' };
    expect(ownOrigin(request('127.0.0.1', proxied), trustLoopbackAnd())).toBe('https://board.camp.example');
    expect(ownOrigin(request('203.0.113.5', proxied), trustLoopbackAnd())).toBe('http://127.0.0.1:3000');
    expect(ownOrigin(request('203.0.113.5', {}), trustLoopbackAnd())).toBeNull();
  });
});

describe('clientAddress', () => {
  test('walks X-Forwarded-For from the right while the hop is a trusted proxy', () => {
    const forwarded = { 'x-forwarded-for': '198.51.100.1, 203.0.113.9, 10.0.0.2' };
    expect(clientAddress(request('127.0.0.1', forwarded), trustLoopbackAnd('10.0.0.2'))).toBe('203.0.113.9');
    expect(clientAddress(request('127.0.0.1', forwarded), trustLoopbackAnd())).toBe('10.0.0.2');
    expect(clientAddress(request('203.0.113.5', forwarded), trustLoopbackAnd('10.0.0.2'))).toBe('203.0.113.5');
    expect(clientAddress(request('127.0.0.1', {}), trustLoopbackAnd())).toBe('127.0.0.1');
  });
});
