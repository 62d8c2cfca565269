import { EngineError, type Mailer } from '@vinh-danh/engine';
import nodemailer from 'nodemailer';

export interface CreateSmtpMailerOptions {
  /**
   * `smtp://user:pass@host:587` or `smtps://…:465`. Query parameters become nodemailer
   * options and win over the defaults below (e.g. `?pool=false`, `?requireTLS=true`).
   */
  smtpUrl: string;
  /** The From header, e.g. `Vinh Danh <no-reply@vinhdanh.gov.vn>`. */
  from: string;
  /** Connections kept open to the server at most; default 5. */
  maxConnections?: number;
  /** Bound on connecting, greeting and each SMTP command, in ms; default 15 s, so a stuck server fails the job and it retries. */
  timeoutMs?: number;
}

/** The SMTP mail port, with a way to close its pooled connections. */
export interface SmtpMailer extends Mailer {
  close(): void;
}

/** Thrown for a send the server refused for good (5xx) or that can never succeed (no valid recipient). */
export class MailRejectedError extends EngineError {
  override readonly name = 'MailRejectedError';
  constructor(
    message: string,
    readonly responseCode: number | undefined,
    cause: unknown,
  ) {
    super(message, { permanent: true, cause });
  }
}

interface NodemailerError extends Error {
  code?: string;
  responseCode?: number;
  response?: string;
}

/**
 * Sort a nodemailer error: a 5xx reply is a permanent rejection (the job must not retry a
 * mail the server will refuse again); 4xx replies, timeouts and connection failures are
 * transient and rethrown as they are, so BullMQ retries the job with backoff.
 */
function classify(error: unknown, to: string): unknown {
  const failure = error as NodemailerError;
  if (typeof failure?.responseCode === 'number' && failure.responseCode >= 500 && failure.responseCode < 600) {
    return new MailRejectedError(`mail to ${to} rejected by the SMTP server: ${failure.response ?? failure.message}`, failure.responseCode, error);
  }
  if (failure?.code === 'EENVELOPE' && failure.responseCode === undefined) {
    // Refused before any server reply: the recipient address itself is unusable.
    return new MailRejectedError(`mail to ${to} cannot be sent: ${failure.message}`, undefined, error);
  }
  return error;
}

/**
 * The engine's mail port over SMTP (nodemailer, pooled connections).
 *
 * Every mail carries the `messageId` the engine derived from its effect id: a retried effect
 * sends the same Message-ID, so the receiving side can recognise and drop the duplicate
 * (guarantee 2: at-least-once delivery, deduped by the receiver).
 */
export function createSmtpMailer(options: CreateSmtpMailerOptions): SmtpMailer {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const transport = nodemailer.createTransport({
    url: options.smtpUrl,
    pool: true,
    maxConnections: options.maxConnections ?? 5,
    connectionTimeout: timeoutMs,
    greetingTimeout: timeoutMs,
    socketTimeout: timeoutMs * 2,
  });
  return {
    async send(mail) {
      try {
        await transport.sendMail({
          from: options.from,
          to: mail.to,
          subject: mail.subject,
          text: mail.text,
          ...(mail.html === undefined ? {} : { html: mail.html }),
          messageId: mail.messageId,
          // Automatic mail: no out-of-office replies back to no-reply (RFC 3834).
          headers: { 'Auto-Submitted': 'auto-generated' },
        });
      } catch (error) {
        throw classify(error, mail.to);
      }
    },
    close() {
      transport.close();
    },
  };
}
