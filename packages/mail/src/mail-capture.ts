import { EventEmitter, once } from 'node:events';
import type { AddressInfo } from 'node:net';
import { simpleParser, type AddressObject } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** One mail the capture server received, parsed. Plain JSON. */
export interface CapturedMail {
  /** Position in arrival order, from 1; stable for links to the message. */
  seq: number;
  /** Recipient addresses from the To header (the envelope's when it has none), comma-separated. */
  to: string;
  from: string;
  subject: string;
  /** The Date header (arrival time when absent), ISO 8601. */
  date: string;
  receivedAt: string;
  messageId: string;
  text: string;
  /** Null for a text-only mail. */
  html: string | null;
}

export interface StartMailCaptureOptions {
  /** Port on 127.0.0.1; default 0, a free one. */
  port?: number;
  /** Messages kept; the oldest go first. Default 1000. */
  maxMessages?: number;
  /** Largest message accepted, in bytes; default 10 MiB. */
  maxMessageBytes?: number;
}

export interface MailCapture {
  /** `smtp://127.0.0.1:<port>`, to pass as SMTP_URL. */
  smtpUrl: string;
  port: number;
  /** Every kept message, oldest first. */
  messages(): CapturedMail[];
  /** How many times a kept message's Message-ID arrived over SMTP, duplicates counted (0 when none is kept). */
  deliveries(messageId: string): number;
  clear(): void;
  /**
   * The first kept message matching `predicate`, now or when it arrives; rejects after
   * `timeoutMs` (default 10 s). Wakes on arrival, never polls.
   */
  waitFor(predicate: (mail: CapturedMail) => boolean, timeoutMs?: number): Promise<CapturedMail>;
  stop(): Promise<void>;
}

const addressesOf = (field: AddressObject | AddressObject[] | undefined): string[] =>
  (Array.isArray(field) ? field : field ? [field] : []).flatMap((object) =>
    object.value.flatMap((address) => (address.address ? [address.address] : [])),
  );

/**
 * A development mail catcher: a real SMTP server on 127.0.0.1 (no auth, no TLS) that parses
 * every message and keeps the latest ones in memory for the dev inbox and for tests.
 *
 * Messages are deduplicated by Message-ID: the engine sends a retried mail effect with the
 * same Message-ID, and a real inbox would show the two copies as one (mail clients thread
 * and drop duplicates by Message-ID), so the capture keeps the first copy and accepts the
 * second without storing it — as the receiving side of guarantee 2 in ARCHITECTURE.md.
 */
export async function startMailCapture(options: StartMailCaptureOptions = {}): Promise<MailCapture> {
  const maxMessages = options.maxMessages ?? 1000;
  let kept: CapturedMail[] = [];
  const seenMessageIds = new Set<string>();
  let deliveries = new Map<string, number>();
  const arrivals = new EventEmitter();
  arrivals.setMaxListeners(0);
  let seq = 0;

  const keep = (mail: CapturedMail) => {
    kept.push(mail);
    if (kept.length > maxMessages) {
      for (const dropped of kept.splice(0, kept.length - maxMessages)) {
        seenMessageIds.delete(dropped.messageId);
        deliveries.delete(dropped.messageId);
      }
    }
    arrivals.emit('mail', mail);
  };

  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['AUTH', 'STARTTLS'],
    hideSTARTTLS: true,
    maxAllowedUnauthenticatedCommands: false,
    size: options.maxMessageBytes ?? 10 * 1024 * 1024,
    // Pooled senders keep connections open; a stop should not wait 30 s for them.
    closeTimeout: 1000,
    logger: false,
    onData(stream, session, callback) {
      simpleParser(stream).then(
        (parsed) => {
          const receivedAt = new Date();
          const messageId = parsed.messageId ?? `<capture-${seq + 1}@localhost>`;
          deliveries.set(messageId, (deliveries.get(messageId) ?? 0) + 1);
          if (!seenMessageIds.has(messageId)) {
            seenMessageIds.add(messageId);
            const headerTo = addressesOf(parsed.to);
            keep({
              seq: (seq += 1),
              to: (headerTo.length > 0 ? headerTo : session.envelope.rcptTo.map((rcpt) => rcpt.address)).join(', '),
              from: addressesOf(parsed.from).join(', '),
              subject: parsed.subject ?? '',
              date: (parsed.date ?? receivedAt).toISOString(),
              receivedAt: receivedAt.toISOString(),
              messageId,
              text: parsed.text ?? '',
              html: typeof parsed.html === 'string' ? parsed.html : null,
            });
          }
          callback();
        },
        (error: unknown) => callback(error instanceof Error ? error : new Error(String(error))),
      );
    },
  });
  server.on('error', () => {
    // A client that misbehaves is dropped by smtp-server; the capture keeps serving.
  });

  const listening = server.listen(options.port ?? 0, '127.0.0.1');
  await Promise.race([once(listening, 'listening'), once(listening, 'error').then(([error]) => Promise.reject(error))]);
  const port = (listening.address() as AddressInfo).port;

  return {
    smtpUrl: `smtp://127.0.0.1:${port}`,
    port,
    messages: () => [...kept],
    deliveries: (messageId) => deliveries.get(messageId) ?? 0,
    clear() {
      kept = [];
      deliveries = new Map();
      seenMessageIds.clear();
    },
    waitFor(predicate, timeoutMs = 10_000) {
      const found = kept.find(predicate);
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const onMail = (mail: CapturedMail) => {
          if (!predicate(mail)) return;
          clearTimeout(timer);
          arrivals.off('mail', onMail);
          resolve(mail);
        };
        const timer = setTimeout(() => {
          arrivals.off('mail', onMail);
          reject(new Error(`no matching mail within ${timeoutMs} ms (${kept.length} kept)`));
        }, timeoutMs);
        arrivals.on('mail', onMail);
      });
    },
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
