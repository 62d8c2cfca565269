/**
 * Redis behind Sentinel, named by one URL so it travels wherever a Redis URL does:
 *
 *   redis-sentinel://[[user]:password@]host:port[,host:port…]/<master name>[/<db>][?sentinelPassword=…]
 *
 * The hosts are the sentinels (26379 when a port is left out); the user and password are the
 * master's (and its replicas'); `sentinelPassword` is the sentinels' own, when they require one.
 */

export const sentinelScheme = 'redis-sentinel://';

export interface SentinelUrl {
  sentinels: Array<{ host: string; port: number }>;
  /** The master's name as the sentinels monitor it. */
  name: string;
  username?: string;
  password?: string;
  sentinelPassword?: string;
  db: number;
}

export const isSentinelUrl = (url: string) => url.startsWith(sentinelScheme);

const defaultSentinelPort = 26379;

/** The parts of a `redis-sentinel://` URL; a `RangeError` says what is wrong with one that is not. */
export function parseSentinelUrl(url: string): SentinelUrl {
  if (!isSentinelUrl(url)) throw new RangeError(`must start with ${sentinelScheme}`);
  const [beforeQuery, query = ''] = url.slice(sentinelScheme.length).split(/\?(.*)/s, 2) as [string, string?];
  const slash = beforeQuery.indexOf('/');
  const authority = slash === -1 ? beforeQuery : beforeQuery.slice(0, slash);
  const path = slash === -1 ? '' : beforeQuery.slice(slash + 1);
  const at = authority.lastIndexOf('@');
  const userinfo = at === -1 ? undefined : authority.slice(0, at);
  const hostList = at === -1 ? authority : authority.slice(at + 1);
  const decode = (text: string) => {
    try {
      return decodeURIComponent(text);
    } catch {
      throw new RangeError('has a malformed %-escape in its user or password');
    }
  };
  const sentinels = hostList.split(',').map((entry, index) => {
    const match = /^([A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::(\d{1,5}))?$/.exec(entry.trim());
    const port = match?.[2] === undefined ? defaultSentinelPort : Number(match[2]);
    // Named by its place, not quoted: without its `@`, a password would stand where a host belongs.
    if (!match || port < 1 || port > 65_535) throw new RangeError(`has no valid host[:port] for sentinel ${index + 1} (a password needs its user part and "@": redis-sentinel://:password@host:port/…)`);
    return { host: match[1]!.replace(/^\[|\]$/g, ''), port };
  });
  const [name, db, ...rest] = path.split('/');
  if (!name) throw new RangeError("names no master: put the master's name after the sentinels, e.g. redis-sentinel://sentinel-1:26379,sentinel-2:26379/vinhdanh");
  if (rest.length > 0 || (db !== undefined && db !== '' && !/^\d{1,2}$/.test(db))) throw new RangeError('has a path other than /<master name>[/<db number>]');
  const parsed: SentinelUrl = { sentinels, name: decode(name), db: db ? Number(db) : 0 };
  if (userinfo !== undefined) {
    const colon = userinfo.indexOf(':');
    const username = decode(colon === -1 ? userinfo : userinfo.slice(0, colon));
    const password = colon === -1 ? undefined : decode(userinfo.slice(colon + 1));
    if (username) parsed.username = username;
    if (password) parsed.password = password;
  }
  // Percent-decoded as the user and password are (a `+` stays a `+`).
  for (const pair of query.split('&').filter(Boolean)) {
    const [key = '', value = ''] = pair.split(/=(.*)/s, 2);
    if (key !== 'sentinelPassword') throw new RangeError(`has an unknown option "${decode(key)}" (only sentinelPassword)`);
    if (value) parsed.sentinelPassword = decode(value);
  }
  return parsed;
}

/** The URL with its passwords masked, for messages and logs: all of the user part after its first `:`, up to the last `@` (a password may hold `@`). */
export function sentinelUrlWithoutPasswords(url: string): string {
  const rest = url.slice(sentinelScheme.length);
  const slash = rest.indexOf('/');
  const authority = slash === -1 ? rest : rest.slice(0, slash);
  const at = authority.lastIndexOf('@');
  const colon = authority.indexOf(':');
  const masked = at !== -1 && colon !== -1 && colon < at ? `${authority.slice(0, colon + 1)}***${authority.slice(at)}` : authority;
  return `${sentinelScheme}${masked}${slash === -1 ? '' : rest.slice(slash)}`.replace(/([?&]sentinelPassword=)[^&]*/u, '$1***');
}
