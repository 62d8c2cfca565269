import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { Request, Response } from 'express';
import type { ParsedForm } from './form-body.ts';
import { HttpError } from './http-errors.ts';
import { hourlyUploadBudget } from './security.ts';

/** A request as the budget reads it: the client address and the files the form reader left. */
const upload = (ip: string, ...sizes: number[]) =>
  ({ ip, body: { files: sizes.map((size) => ({ field: 'attachments', filename: 'a.pdf', declaredType: 'application/pdf', content: Buffer.alloc(size) })) } as unknown as ParsedForm }) as unknown as Request;

describe('hourlyUploadBudget (with a hand-moved clock)', () => {
  it('when a client spends its bytes, then it is refused until its hour is over; other clients are not held back', () => {
    let now = 1_000_000;
    const budget = hourlyUploadBudget(1000, () => now);
    const run = (request: Request) => {
      let outcome: unknown = 'not called';
      budget(request, {} as Response, (error?: unknown) => (outcome = error));
      return outcome;
    };
    assert.equal(run(upload('10.0.0.1', 400, 500)), undefined);
    const refused = run(upload('10.0.0.1', 200));
    assert.ok(refused instanceof HttpError);
    assert.equal(refused.status, 429);
    assert.equal(refused.headers['Retry-After'], '3600');
    assert.equal(run(upload('10.0.0.2', 1000)), undefined, 'another client has its own budget');
    assert.equal(run(upload('10.0.0.1')), undefined, 'a form without files costs nothing');
    now += 3_599_000;
    assert.equal((run(upload('10.0.0.1', 200)) as HttpError).headers['Retry-After'], '1');
    now += 1_000;
    assert.equal(run(upload('10.0.0.1', 1000)), undefined, 'a new hour, a new budget');
    now += 3_600_000;
    run(upload('10.0.0.3', 1));
    assert.equal(budget.clients(), 1, 'clients whose hour is over are forgotten');
  });
});
