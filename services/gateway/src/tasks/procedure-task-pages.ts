import type { InstanceRecord, TaskRecord } from '@vinh-danh/store';
import type { Request, Response } from 'express';
import type { FormFields } from '../http/form-body.ts';

/** A task whose link checked out, with the instance it belongs to. */
export interface OpenTaskVisit {
  /** The link token from the path: the page posts back to it. */
  token: string;
  task: TaskRecord;
  /** The token's hash, which the task's CSRF token is derived from. */
  tokenHash: string;
  instance: InstanceRecord;
}

/**
 * The task pages of one procedure. The task routes check the link (and, on a post, the CSRF
 * token) before handing over here, chosen by the definition of the task's instance; the pages
 * keep the guarantees of every task page: personal and uncached, one event per decision under
 * an id derived from the task (so a double post applies once), the task's assignee as `by`.
 */
export interface ProcedureTaskPages {
  /** `GET /tasks/:token` of an open task. */
  show(req: Request, res: Response, visit: OpenTaskVisit): Promise<void>;
  /** `POST /tasks/:token`: checks the form, dispatches its event(s) or shows the page again with the problems. */
  act(req: Request, res: Response, visit: OpenTaskVisit, form: FormFields): Promise<void>;
  /**
   * The page of a link whose task is done, when the procedure shows one (a counted ballot);
   * false leaves the usual refusal (410) to the caller.
   */
  afterUse?(req: Request, res: Response, task: TaskRecord, instance: InstanceRecord): Promise<boolean>;
}

/** Task pages are personal: never cached, never indexed. */
export function personal(res: Response): Response {
  return res.set({ 'Cache-Control': 'no-store', 'X-Robots-Tag': 'noindex, nofollow' });
}
