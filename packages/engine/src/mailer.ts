/** One e-mail, rendered. `messageId` derives from the effect id, so a retried send is recognisable. */
export interface OutgoingMail {
  messageId: string;
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/** The mail port: SMTP in production, an in-memory fake in unit tests. */
export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

/**
 * The domain of a sender (`Name <user@domain>` or `user@domain`), for the Message-IDs of its
 * mails: a Message-ID's right side is a domain the sender controls (RFC 5322 §3.6.4).
 */
export function messageIdDomainOf(from: string): string {
  const address = /<([^<>]+)>\s*$/.exec(from)?.[1] ?? from;
  return address.slice(address.lastIndexOf('@') + 1).trim() || 'vinh-danh.local';
}

/** Message-ID of the mail an effect sends: stable across retries of that effect. */
export function messageIdFor(effectId: string, domain = 'vinh-danh.local'): string {
  return `<${effectId.replaceAll(/[^A-Za-z0-9._-]/g, '_')}@${domain}>`;
}

/** An in-memory fake of the mail port for unit tests; dedupes on Message-ID like a receiver would. */
export function createMemoryMailer(): Mailer & { sent: OutgoingMail[] } {
  const sent: OutgoingMail[] = [];
  return {
    sent,
    async send(mail) {
      if (!sent.some((existing) => existing.messageId === mail.messageId)) sent.push(mail);
    },
  };
}
