import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, withoutPassword } from './config.ts';
import { parseSentinelUrl } from './redis-sentinel-url.ts';

describe('redis-sentinel:// URLs', () => {
  it('when a URL lists sentinels, a master, a db, credentials and the sentinels\' password, then each is read, 26379 where no port is given', () => {
    assert.deepEqual(parseSentinelUrl('redis-sentinel://worker:p%40ss@sentinel-1:26380,sentinel-2,10.0.0.3:26381/vinhdanh/2?sentinelPassword=s3nt'), {
      sentinels: [{ host: 'sentinel-1', port: 26380 }, { host: 'sentinel-2', port: 26379 }, { host: '10.0.0.3', port: 26381 }],
      name: 'vinhdanh',
      db: 2,
      username: 'worker',
      password: 'p@ss',
      sentinelPassword: 's3nt',
    });
    assert.deepEqual(parseSentinelUrl('redis-sentinel://:secret@[::1]:26379/main'), { sentinels: [{ host: '::1', port: 26379 }], name: 'main', db: 0, password: 'secret' });
  });

  it('when a part is missing or wrong, then the error names it', () => {
    const cases: Array<[string, RegExp]> = [
      ['redis-sentinel://sentinel-1:26379', /names no master/],
      ['redis-sentinel://sentinel-1:26379/', /names no master/],
      ['redis-sentinel://sentinel-1:99999/main', /no valid host\[:port\] for sentinel 1/],
      ['redis-sentinel://s1,a b:1/main', /no valid host\[:port\] for sentinel 2/],
      ['redis-sentinel://s1/main/x', /path other than/],
      ['redis-sentinel://s1/main?tls=1', /unknown option "tls"/],
      ['redis-sentinel://:%zz@s1/main', /malformed %-escape/],
    ];
    for (const [url, message] of cases) assert.throws(() => parseSentinelUrl(url), message, url);
  });

  it('when REDIS_URL is a sentinel URL, then the config takes it, refuses a bad one naming the variable, and masks its passwords', () => {
    const url = 'redis-sentinel://:s3cret@sentinel-1:26379,sentinel-2:26379/vinhdanh?sentinelPassword=t0p';
    assert.equal(loadConfig({ REDIS_URL: url }).redisUrl, url);
    assert.throws(() => loadConfig({ REDIS_URL: 'redis-sentinel://sentinel-1:26379' }), (error: unknown) => error instanceof ConfigError && /REDIS_URL: names no master/.test(error.message));
    assert.throws(() => loadConfig({ REDIS_URL: 'redis-sentinel://:CHANGE-ME@s1/main' }), (error: unknown) => error instanceof ConfigError && /REDIS_URL: .*CHANGE-ME/.test(error.message));
    assert.equal(withoutPassword(url), 'redis-sentinel://:***@sentinel-1:26379,sentinel-2:26379/vinhdanh?sentinelPassword=***');
    assert.equal(withoutPassword('redis-sentinel://s1,s2/vinhdanh'), 'redis-sentinel://s1,s2/vinhdanh');
    // A password holding "@" is masked whole; one left without its "@" is never quoted back.
    assert.equal(parseSentinelUrl('redis-sentinel://:p@ss@s1:26379/main').password, 'p@ss');
    assert.equal(withoutPassword('redis-sentinel://:p@ss@s1:26379/main'), 'redis-sentinel://:***@s1:26379/main');
    assert.throws(() => loadConfig({ REDIS_URL: 'redis-sentinel://:s3cret/main' }), (error: unknown) => error instanceof ConfigError && !error.message.includes('s3cret'));
    // "+" is a "+" in every password, as percent-decoding reads it.
    assert.deepEqual([parseSentinelUrl('redis-sentinel://:a+b@s1/main?sentinelPassword=c+d%40e').password, parseSentinelUrl('redis-sentinel://:a+b@s1/main?sentinelPassword=c+d%40e').sentinelPassword], ['a+b', 'c+d@e']);
  });
});
