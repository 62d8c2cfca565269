import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { ConfigError, loadConfig, withoutPassword } from './config.ts';

/** The ConfigError `load` throws; fails the test when it throws nothing or something else. */
function captureConfigError(load: () => unknown): ConfigError {
  try {
    load();
  } catch (error) {
    assert.ok(error instanceof ConfigError, String(error));
    return error;
  }
  assert.fail('expected a ConfigError');
}

describe('loadConfig', () => {
  it('when nothing is set, then every default applies: embedded store, private Redis, ./data', () => {
    const config = loadConfig({});
    assert.equal(config.databaseUrl, undefined);
    assert.equal(config.redisUrl, undefined);
    assert.equal(config.dataDir, './data');
    assert.equal(config.queuePrefix, 'vinhdanh');
    assert.equal(config.workerConcurrency, 16);
    assert.equal(config.port, 3000);
    assert.equal(config.publicUrl, 'http://localhost:3000');
  });

  it('when variables are set, then they are parsed into typed fields', () => {
    const config = loadConfig({
      DATABASE_URL: 'postgres://u@db:5432/vd',
      REDIS_URL: 'redis://cache:6379',
      WORKER_CONCURRENCY: '32',
      PUBLIC_URL: 'https://vinhdanh.example.gov.vn/',
      NODE_ENV: 'production',
      TASK_LINK_SECRET: 'x'.repeat(40),
    });
    assert.equal(config.databaseUrl, 'postgres://u@db:5432/vd');
    assert.equal(config.workerConcurrency, 32);
    assert.equal(config.publicUrl, 'https://vinhdanh.example.gov.vn');
    assert.equal(config.nodeEnv, 'production');
  });

  it('when several variables are bad, then one error names each of them and what is wrong', () => {
    assert.throws(
      () => loadConfig({ WORKER_CONCURRENCY: '-3', DATABASE_URL: 'mysql://x', QUEUE_PREFIX: 'a b', LOG_LEVEL: 'loud' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /WORKER_CONCURRENCY: must be a whole number \(digits only\) \(got "-3"\)/);
        assert.match(error.message, /DATABASE_URL: must start with postgres:\/\//);
        assert.match(error.message, /QUEUE_PREFIX: letters, digits/);
        assert.match(error.message, /LOG_LEVEL/);
        assert.equal(error.issues.length, 4);
        return true;
      },
    );
  });

  it('when the reconciler is told to run too often or too rarely, or to re-drive work still in flight, then the variable is named with its bound', () => {
    for (const [env, pattern] of [
      [{ RECONCILE_INTERVAL_MS: '3000000000' }, /RECONCILE_INTERVAL_MS: Too big: expected number to be <=3600000/],
      [{ RECONCILE_INTERVAL_MS: '10' }, /RECONCILE_INTERVAL_MS: Too small: expected number to be >=100/],
      [{ OUTBOX_STALE_MS: '1' }, /OUTBOX_STALE_MS: Too small: expected number to be >=1000/],
      [{ OUTBOX_STALE_MS: '604800000' }, /OUTBOX_STALE_MS: Too big: expected number to be <=86400000/],
    ] as const) {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), JSON.stringify(env));
    }
    const bounds = loadConfig({ RECONCILE_INTERVAL_MS: '3600000', OUTBOX_STALE_MS: '1000' });
    assert.equal(bounds.reconcileIntervalMs, 3_600_000);
    assert.equal(bounds.outboxStaleMs, 1_000);
  });

  it('when a worker\'s drain timeout is out of bounds, then WORKER_DRAIN_TIMEOUT_MS is named with its bound; unset, it is 60 s', () => {
    for (const [env, pattern] of [
      [{ WORKER_DRAIN_TIMEOUT_MS: '10' }, /WORKER_DRAIN_TIMEOUT_MS: Too small: expected number to be >=1000/],
      [{ WORKER_DRAIN_TIMEOUT_MS: '7200000' }, /WORKER_DRAIN_TIMEOUT_MS: Too big: expected number to be <=3600000/],
      [{ WORKER_DRAIN_TIMEOUT_MS: '1m' }, /WORKER_DRAIN_TIMEOUT_MS: must be a whole number/],
    ] as const) {
      assert.throws(() => loadConfig(env), (error: unknown) => error instanceof ConfigError && pattern.test(error.message), JSON.stringify(env));
    }
    assert.equal(loadConfig({}).workerDrainTimeoutMs, 60_000);
    assert.equal(loadConfig({ WORKER_DRAIN_TIMEOUT_MS: '5000' }).workerDrainTimeoutMs, 5_000);
  });

  it('when a URL or secret variable is bad, then its value is not echoed, since it may hold a password', () => {
    assert.throws(() => loadConfig({ REDIS_URL: 'http://user:s3cret@host', TASK_LINK_SECRET: 'hunter2-short-secret' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /REDIS_URL: must start with redis:\/\//);
      assert.match(error.message, /TASK_LINK_SECRET: must be at least 32 characters/);
      assert.doesNotMatch(error.message, /s3cret|hunter2/);
      return true;
    });
  });

  it('when a URL is shown, then its password is masked and the rest kept', () => {
    assert.equal(withoutPassword('redis://:s3cret@cache:6379/0'), 'redis://:***@cache:6379/0');
    assert.equal(withoutPassword('postgres://vd:s3cret@db/vd?sslmode=require'), 'postgres://vd:***@db/vd?sslmode=require');
    assert.equal(withoutPassword('redis://127.0.0.1:6379'), 'redis://127.0.0.1:6379');
    // An operator command (store:*) in the production image reads only the store's variables.
    assert.throws(() => loadConfig({ NODE_ENV: 'production', DATA_DIR: '/var/lib/vinh-danh' }), /TASK_LINK_SECRET: required when NODE_ENV=production/);
    assert.equal(loadConfig({ NODE_ENV: 'production', DATA_DIR: '/var/lib/vinh-danh' }, { operatorCommand: true }).nodeEnv, 'production');
    assert.equal(withoutPassword('postgres://vd@db/vd?password=s3cret&sslmode=require&sslpassword=k3y'), 'postgres://vd@db/vd?password=***&sslmode=require&sslpassword=***');
  });

  it('when production runs without a task-link secret, then start-up is refused naming TASK_LINK_SECRET', () => {
    assert.throws(() => loadConfig({ NODE_ENV: 'production' }), /TASK_LINK_SECRET: required when NODE_ENV=production/);
    assert.throws(() => loadConfig({ TASK_LINK_SECRET: 'short' }), /TASK_LINK_SECRET: must be at least 32 characters/);
  });

  it('when several variables are wrong, between them or on their own, then one ConfigError lists every one of them', () => {
    const error = captureConfigError(() =>
      loadConfig(
        { NODE_ENV: 'production', PORT: 'eighty', MAX_UPLOAD_BYTES: '5000', MAX_UPLOAD_BYTES_PER_HOUR: '4000' },
        { productionRequires: { SMTP_URL: 'the worker sends the mail' } },
      ),
    );
    assert.deepEqual(error.issues, [
      'PORT: must be a whole number (digits only) (got "eighty")',
      'MAX_UPLOAD_BYTES_PER_HOUR: must be at least MAX_UPLOAD_BYTES (5000), or no file of the largest size could ever be sent (got "4000")',
      'TASK_LINK_SECRET: required when NODE_ENV=production (at least 32 characters)',
      'SMTP_URL: required when NODE_ENV=production; the worker sends the mail',
    ]);
  });

  it('when a variable a production check needs is set but invalid, then it is named for what is wrong with it, not as missing', () => {
    const error = captureConfigError(() =>
      loadConfig({ NODE_ENV: 'production', TASK_LINK_SECRET: 'short', SMTP_URL: 'mail.example.gov.vn' }, { productionRequires: { SMTP_URL: 'mail' } }),
    );
    assert.ok(error.issues.some((issue) => /^TASK_LINK_SECRET: must be at least 32 characters/.test(issue)), error.message);
    assert.ok(error.issues.some((issue) => /^SMTP_URL: must start with smtp:\/\/ or smtps:\/\//.test(issue)), error.message);
    assert.ok(error.issues.every((issue) => /^(TASK_LINK_SECRET|SMTP_URL): must /.test(issue)), error.message);
  });

  it('when a check between variables reads one that is invalid, then only that one is named', () => {
    const error = captureConfigError(() => loadConfig({ MAX_UPLOAD_BYTES: 'lots', MAX_UPLOAD_BYTES_PER_HOUR: '4000' }));
    assert.deepEqual(error.issues, ['MAX_UPLOAD_BYTES: must be a whole number (digits only) (got "lots")']);
  });

  it('when a process does not require a variable in production, then its absence is no issue there', () => {
    const config = loadConfig({ NODE_ENV: 'production', TASK_LINK_SECRET: 'a-production-secret-of-at-least-32-characters' });
    assert.equal(config.smtpUrl, undefined);
  });

  it('when a variable is set to an empty string, then it counts as unset', () => {
    assert.equal(loadConfig({ REDIS_URL: '', DATABASE_URL: '' }).redisUrl, undefined);
  });

  it('when TRUST_PROXY is unset or a hop count or proxy addresses, then Express gets that setting', () => {
    assert.equal(loadConfig({}).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: 'false' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '0' }).trustProxy, false);
    assert.equal(loadConfig({ TRUST_PROXY: '2' }).trustProxy, 2);
    assert.deepEqual(loadConfig({ TRUST_PROXY: 'loopback, 10.0.0.0/8,fd00::/8' }).trustProxy, ['loopback', '10.0.0.0/8', 'fd00::/8']);
  });

  it('when TRUST_PROXY is true or not an address, then start-up is refused naming it and the bad entry', () => {
    assert.throws(() => loadConfig({ TRUST_PROXY: 'true' }), /TRUST_PROXY: true would let any client choose its own address/);
    assert.throws(() => loadConfig({ TRUST_PROXY: '11' }), /TRUST_PROXY: must be false, a number of proxy hops from 0 to 10.*not an address or range: 11/);
    assert.throws(() => loadConfig({ TRUST_PROXY: 'loopback,10.0.0.0/33,proxy.local' }), /not an address or range: 10\.0\.0\.0\/33, proxy\.local/);
    assert.throws(() => loadConfig({ TRUST_PROXY: ' , ' }), /TRUST_PROXY: must be false/);
  });

  it('when OFFICER_API_TOKENS holds name:token pairs, then each is parsed; unset, there are none', () => {
    assert.equal(loadConfig({}).officerApiTokens, undefined);
    assert.deepEqual(loadConfig({ OFFICER_API_TOKENS: ` ban-tdkt:${'a'.repeat(32)} ,chu-tich.cum:${'b'.repeat(40)}` }).officerApiTokens, [
      { name: 'ban-tdkt', token: 'a'.repeat(32) },
      { name: 'chu-tich.cum', token: 'b'.repeat(40) },
    ]);
  });

  it('when an OFFICER_API_TOKENS entry is malformed, then start-up is refused naming the entry, never echoing a token', () => {
    const secret = 's'.repeat(40);
    assert.throws(
      () => loadConfig({ OFFICER_API_TOKENS: `${secret},ban:short,ok:${secret},ok:${secret}x` }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /OFFICER_API_TOKENS: entry 1: must be name:token/);
        assert.match(error.message, /OFFICER_API_TOKENS: entry 2: the token must be at least 32 characters/);
        assert.match(error.message, /OFFICER_API_TOKENS: entry 4: its name is given twice/);
        assert.doesNotMatch(error.message, /sssss|short/);
        return true;
      },
    );
  });

  it('when the hourly upload budget is below one largest file, then start-up is refused naming both variables', () => {
    assert.equal(loadConfig({}).maxUploadBytesPerHour, 200 * 1024 * 1024);
    assert.throws(() => loadConfig({ MAX_UPLOAD_BYTES: '5000', MAX_UPLOAD_BYTES_PER_HOUR: '4000' }), /MAX_UPLOAD_BYTES_PER_HOUR: must be at least MAX_UPLOAD_BYTES \(5000\)/);
  });

  it('when an officer pair is written token first, or a secret is still the template placeholder, then neither is echoed and start-up is refused', () => {
    const token = 'a1b2c3d4e5f60718293a4b5c6d7e8f90';
    assert.throws(() => loadConfig({ OFFICER_API_TOKENS: `${token}:ban-tdkt` }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /OFFICER_API_TOKENS: entry 1: the token must be at least 32 characters/);
      assert.doesNotMatch(error.message, new RegExp(token));
      return true;
    });
    assert.throws(
      () => loadConfig({ TASK_LINK_SECRET: 'CHANGE-ME-to-the-output-of-openssl-rand-base64-48', OFFICER_API_TOKENS: 'ban-tdkt:CHANGE-ME-to-the-output-of-openssl-rand-hex-32' }),
      (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /TASK_LINK_SECRET: is still the template's CHANGE-ME placeholder/);
        assert.match(error.message, /OFFICER_API_TOKENS: entry 1: the token is still the template's CHANGE-ME placeholder/);
        return true;
      },
    );
    // The template's URLs (infra/k8s/secret.yaml) are refused too, without echoing them.
    const template = {
      DATABASE_URL: 'postgres://vinhdanh:CHANGE-ME@postgres.vinh-danh.svc:5432/vinhdanh',
      REDIS_URL: 'redis://:CHANGE-ME@redis.vinh-danh.svc:6379',
      SMTP_URL: 'smtp://vinhdanh:CHANGE-ME@mail.example.gov.vn:587',
    };
    assert.throws(() => loadConfig(template), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      for (const variable of Object.keys(template)) assert.match(error.message, new RegExp(`${variable}: holds the template's CHANGE-ME placeholder`));
      assert.doesNotMatch(error.message, /svc|example\.gov\.vn/);
      return true;
    });
  });

  it('when a PostgreSQL DATABASE_URL names no host, then it is refused naming the variable, without echoing it', () => {
    for (const url of ['postgres://u:pw@', 'postgres://u:pw@[::1']) {
      assert.throws(() => loadConfig({ DATABASE_URL: url }), (error: unknown) => {
        assert.ok(error instanceof ConfigError);
        assert.match(error.message, /DATABASE_URL: must be a URL with a host/);
        assert.doesNotMatch(error.message, /pw/);
        return true;
      });
    }
    assert.equal(loadConfig({ DATABASE_URL: 'postgres:///vinhdanh?host=/var/run/postgresql' }).databaseUrl, 'postgres:///vinhdanh?host=/var/run/postgresql', 'a socket folder names the server');
    assert.equal(loadConfig({ DATABASE_URL: 'mongodb://a:27017,b:27017/vd?replicaSet=rs0' }).databaseUrl, 'mongodb://a:27017,b:27017/vd?replicaSet=rs0');
  });

  it('when PUBLIC_HOLIDAYS and MAKEUP_WORKING_DAYS list days, then the working calendar has them; a bad entry is refused naming the variable', () => {
    const calendar = loadConfig({ PUBLIC_HOLIDAYS: '2026-02-14..2026-02-22, 2026-04-26', MAKEUP_WORKING_DAYS: '2026-01-03' }).workingCalendar;
    assert.ok(calendar.holidays.has('2026-02-16') && calendar.holidays.has('2026-04-26'));
    assert.ok(calendar.makeupWorkingDays.has('2026-01-03'));
    assert.equal(loadConfig({}).workingCalendar.holidays.size, 0, 'by default the fixed holidays only (built in)');
    assert.throws(() => loadConfig({ PUBLIC_HOLIDAYS: '2026-02-30', MAKEUP_WORKING_DAYS: 'saturday' }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.match(error.message, /PUBLIC_HOLIDAYS: "2026-02-30" is not a day \(YYYY-MM-DD\)/);
      assert.match(error.message, /MAKEUP_WORKING_DAYS: "saturday" is not a day \(YYYY-MM-DD\)/);
      return true;
    });
    assert.throws(() => loadConfig({ PUBLIC_HOLIDAYS: '2026-01-01..2026-01-05', MAKEUP_WORKING_DAYS: '2026-01-03' }), /MAKEUP_WORKING_DAYS: "2026-01-03" is given both as a holiday and as a working day \(PUBLIC_HOLIDAYS lists it\)/);
  });

  it('when TRUST_PROXY names a range of every address, then it is refused like true', () => {
    for (const value of ['0.0.0.0/0', '10.0.0.0/0', '::/0', 'loopback, ::/00']) {
      assert.throws(() => loadConfig({ TRUST_PROXY: value }), /TRUST_PROXY: .* would let any client choose its own address/, value);
    }
  });

  it('when a number is written as hex, with an exponent or as a blank, a URL names no host, MAIL_FROM holds no address, PUBLIC_URL a space or the secret is spaces, then each is refused by name', () => {
    const cases: Array<[Record<string, string>, RegExp]> = [
      [{ PORT: ' ' }, /PORT: must be a whole number \(digits only\)/],
      [{ WORKER_CONCURRENCY: '0x10' }, /WORKER_CONCURRENCY: must be a whole number/],
      [{ DB_POOL_SIZE: '1e3' }, /DB_POOL_SIZE: must be a whole number/],
      [{ WORKER_CONCURRENCY: '0' }, /WORKER_CONCURRENCY: Too small/],
      [{ REDIS_URL: 'redis://' }, /REDIS_URL: must be a URL with a host, e\.g\. redis:\/\/redis:6379/],
      [{ SMTP_URL: 'smtp://' }, /SMTP_URL: must be a URL with a host/],
      [{ MAIL_FROM: 'abc' }, /MAIL_FROM: must be an address or "Name <address>"/],
      [{ PUBLIC_URL: 'https://vinhdanh.example.gov.vn/a b' }, /PUBLIC_URL: must be an http\(s\) URL with a host, a port up to 65535 and no spaces/],
      // Each passed the check before and stopped the start later with a bare TypeError.
      ...['http://a:99999', 'http://[::1', 'http://exa%mple.com', 'https://:80', 'http://a.b:0x50'].map(
        (url): [Record<string, string>, RegExp] => [{ PUBLIC_URL: url }, /PUBLIC_URL: must be an http\(s\) URL with a host/],
      ),
      [{ TASK_LINK_SECRET: ' '.repeat(40) }, /TASK_LINK_SECRET: must hold at least 32 characters other than spaces/],
      // A link would be https://x.gov.vn/?a=1/tasks/… or …#top/tasks/…: the home page.
      [{ PUBLIC_URL: 'https://vinhdanh.example.gov.vn/?a=1' }, /PUBLIC_URL: must hold no query \(\?…\) or fragment \(#…\)/],
      [{ PUBLIC_URL: 'https://vinhdanh.example.gov.vn#top' }, /PUBLIC_URL: must hold no query/],
      [{ PUBLIC_URL: 'https://example.gov.vn/vinhdanh' }, /PUBLIC_URL: must be the address of the site's root, with no path such as \/vinhdanh/],
      [{ PUBLIC_URL: 'https://example.gov.vn/vinhdanh/' }, /PUBLIC_URL: must be the address of the site's root/],
    ];
    for (const [env, message] of cases) assert.throws(() => loadConfig(env), message, JSON.stringify(env));
    const config = loadConfig({ PORT: '0', MAIL_FROM: 'no-reply@example.gov.vn', SMTP_URL: 'smtps://u:p@mail.example.gov.vn:465' });
    assert.equal(config.port, 0, 'port 0 (any free port) stays allowed');
    assert.equal(config.mailFrom, 'no-reply@example.gov.vn');
  });

  it('when DATA_DIR names a file, then start-up is refused naming DATA_DIR; a missing folder (made later) and memory:// are fine', () => {
    const dir = mkdtempSync(path.join(os.tmpdir(), 'vd-config-'));
    try {
      const file = path.join(dir, 'not-a-folder.json');
      writeFileSync(file, '{}');
      assert.throws(() => loadConfig({ DATA_DIR: file }), /DATA_DIR: must be a folder \(made if missing\) or memory:\/\//);
      assert.equal(loadConfig({ DATA_DIR: path.join(dir, 'to-be-made') }).dataDir, path.join(dir, 'to-be-made'));
      assert.equal(loadConfig({ DATA_DIR: dir }).dataDir, dir);
      assert.equal(loadConfig({ DATA_DIR: 'memory://' }).dataDir, 'memory://');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('when OFFICER_CLUSTERS scopes officers to clusters, then each name gets its list; a malformed entry, a name twice or a blank list is refused naming the variable', () => {
    const tokens = `ban-tdkt:${'a'.repeat(40)},chu-tich-cum:${'b'.repeat(40)}`;
    const config = loadConfig({ OFFICER_API_TOKENS: tokens, OFFICER_CLUSTERS: 'ban-tdkt:*, chu-tich-cum:cum-trung-du-mien-nui-phia-bac|cum-tay-nguyen' });
    assert.deepEqual(config.officerClusters, { 'ban-tdkt': ['*'], 'chu-tich-cum': ['cum-trung-du-mien-nui-phia-bac', 'cum-tay-nguyen'] });
    assert.equal(loadConfig({ OFFICER_API_TOKENS: tokens }).officerClusters, undefined);
    assert.throws(() => loadConfig({ OFFICER_API_TOKENS: tokens, OFFICER_CLUSTERS: 'ban-tdkt' }), /OFFICER_CLUSTERS: entry 1 \("ban-tdkt"\): must be name:cluster-id\|cluster-id or name:\*/);
    assert.throws(() => loadConfig({ OFFICER_API_TOKENS: tokens, OFFICER_CLUSTERS: 'ban-tdkt:*,ban-tdkt:cum-a' }), /OFFICER_CLUSTERS: entry 2: ban-tdkt is given twice/);
    for (const blank of [' ', ',', ' , ']) {
      assert.throws(() => loadConfig({ OFFICER_API_TOKENS: tokens, OFFICER_CLUSTERS: blank }), /OFFICER_CLUSTERS: must hold at least one name:cluster-id entry/, JSON.stringify(blank));
    }
    // A token revoked from OFFICER_API_TOKENS but still named here stops no process (the gateway warns).
    assert.deepEqual(loadConfig({ OFFICER_API_TOKENS: tokens, OFFICER_CLUSTERS: 'ai-do:*' }).officerClusters, { 'ai-do': ['*'] });
  });

  it('when a non-secret variable is bad, then its value is shown', () => {
    assert.throws(() => loadConfig({ TOKEN_RATE_LIMIT_PER_MIN: 'abc' }), /TOKEN_RATE_LIMIT_PER_MIN: .*\(got "abc"\)/);
    assert.throws(() => loadConfig({ OBJECTIONS_PER_HOUR: '0' }), /OBJECTIONS_PER_HOUR: .*\(got "0"\)/);
  });

  it('when OBJECTIONS_PER_HOUR is unset or a positive whole number, then it is 10 or that number', () => {
    assert.equal(loadConfig({}).objectionsPerHour, 10);
    assert.equal(loadConfig({ OBJECTIONS_PER_HOUR: '3' }).objectionsPerHour, 3);
  });
});
