import { describe, expect, it } from 'vitest';
import { RateLimiter } from '../../../src/robot/simulator/rate-limiter.ts';
import { generateToken, isLoopbackHost, SimAccess } from '../../../src/robot/simulator/sim-access.ts';

describe('simulator access (issue 9)', () => {
  const token = generateToken();
  const local = new SimAccess({ host: '127.0.0.1', token });
  const open = new SimAccess({ host: '0.0.0.0', token });

  it('generates a fresh 32-character token each run', () => {
    expect(token).toMatch(/^[A-Za-z0-9_-]{32}$/);
    expect(generateToken()).not.toBe(token);
  });

  it('knows loopback names', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', 'localhost', '::1', '[::1]'])
      expect(isLoopbackHost(host)).toBe(true);
    for (const host of ['0.0.0.0', '192.168.1.4', '::', 'evil.example', '127.0.0.1.evil.example'])
      expect(isLoopbackHost(host)).toBe(false);
  });

  it('checks the token in full', () => {
    expect(local.tokenMatches(token)).toBe(true);
    for (const wrong of [undefined, '', token.slice(0, -1), `${token}x`, 42])
      expect(local.tokenMatches(wrong)).toBe(false);
  });

  it('on loopback: anyone on this machine may connect without the token, from the page itself', () => {
    expect(local.refuse({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:8080' })).toBeUndefined();
    expect(local.refuse({ host: 'localhost:8080', origin: 'http://localhost:8080' })).toBeUndefined();
    // A program (no Origin): allowed; the token still guards corrections.
    expect(local.refuse({ host: '127.0.0.1:8080' })).toBeUndefined();
  });

  it('refuses other sites, and DNS rebinding to loopback', () => {
    expect(local.refuse({ host: '127.0.0.1:8080', origin: 'http://evil.example' })).toMatch(/origin/);
    expect(local.refuse({ host: '127.0.0.1:8080', origin: 'http://127.0.0.1:9999' })).toMatch(/origin/);
    expect(local.refuse({ host: '127.0.0.1:8080', origin: 'null' })).toMatch(/origin/);
    expect(local.refuse({ host: 'evil.example:8080', origin: 'http://evil.example:8080' })).toMatch(/host/);
    expect(local.refuse({ host: undefined })).toMatch(/host/);
  });

  it('checks host and origin on the transport request, the token on the handshake (where it travels)', () => {
    // A token check here refused every connection of a server bound to 0.0.0.0, the operator's too.
    expect(open.refuseRequest({ host: '10.1.2.3:8080', origin: 'http://10.1.2.3:8080' })).toBeUndefined();
    expect(open.refuseRequest({ host: '10.1.2.3:8080', origin: 'http://evil.example' })).toMatch(/origin/);
    expect(local.refuseRequest({ host: 'evil.example:8080' })).toMatch(/host/);
  });

  it('bound beyond loopback: every connection needs the token', () => {
    expect(open.refuse({ host: '10.1.2.3:8080', origin: 'http://10.1.2.3:8080' })).toMatch(/token/);
    expect(open.refuse({ host: '10.1.2.3:8080', origin: 'http://10.1.2.3:8080', token })).toBeUndefined();
    expect(open.refuse({ host: '10.1.2.3:8080', origin: 'http://evil.example', token })).toMatch(/origin/);
  });
});

describe('RateLimiter', () => {
  it('allows a burst, then the steady rate, and refills when quiet', () => {
    let now = 0;
    const limiter = new RateLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4].map(() => limiter.take())).toEqual([true, true, true, false]);
    now += 500; // half a second earns one message
    expect([limiter.take(), limiter.take()]).toEqual([true, false]);
    now += 60_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limiter.take())).toEqual([true, true, true, false]);
  });
});
