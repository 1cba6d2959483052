import { rateLimitsFromEnv, trustProxyFromEnv } from '../../../server/server';
import { DEFAULT_RATE_LIMITS } from '../../../server/http/rate-limits';

describe('trustProxyFromEnv', () => {
  test('believes a proxy on this machine unless told otherwise', () => {
    expect(trustProxyFromEnv({})).toEqual(['loopback']);
    expect(trustProxyFromEnv({ UNSILO_TRUST_PROXY: '  ' })).toEqual(['loopback']);
  });

  test('takes a comma-separated list of addresses, subnets and names, or off', () => {
    expect(trustProxyFromEnv({ UNSILO_TRUST_PROXY: '10.0.0.2, 192.168.0.0/16,uniquelocal' })).toEqual([
      '10.0.0.2',
      '192.168.0.0/16',
      'uniquelocal',
    ]);
    expect(trustProxyFromEnv({ UNSILO_TRUST_PROXY: 'off' })).toBe('off');
  });
});

describe('rateLimitsFromEnv', () => {
  test('keeps the limits on unless UNSILO_RATE_LIMITS=off', () => {
    expect(rateLimitsFromEnv({})).toEqual(DEFAULT_RATE_LIMITS);
    expect(rateLimitsFromEnv({ UNSILO_RATE_LIMITS: 'off' })).toBe('off');
  });
});
