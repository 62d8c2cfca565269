/**
 * The commendation's timers read in working days, for an engine with a working calendar. The
 * machine computes its delays in milliseconds and knows no clock; the engine asks this, at the
 * commit that sets a timer and with the commit's time, when the timer really falls due. Levels
 * resolved for the calendar carry their limits in working days; older ones (and routes for a
 * test's short day) do not, and their timers keep the machine's milliseconds.
 */
import type { TimerDueRequest } from '@vinh-danh/domain';
import type { CommendationContext } from './commendation.types.ts';

/**
 * When the timer `delay` set at `now` falls due, or undefined to keep `now + delay`:
 * - `levelDeadline`: when the level's working days end;
 * - `levelReminder`: the level's reminder lead before that (half-way when the lead does not fit);
 * - `escalationWindow`: when the escalation's working days end;
 * - `resubmitWindow`: when the submitter's working days end.
 * A disclosure's posting period, and an objection's confirmation window within it, are in
 * calendar days and keep their milliseconds.
 */
export function commendationTimerDue({ delay, now, context, after }: TimerDueRequest): number | undefined {
  const commendation = context as CommendationContext;
  const level = commendation.route?.[commendation.levelIndex];
  switch (delay) {
    case 'levelDeadline':
      return level?.deadlineWorkingDays === undefined ? undefined : after(level.deadlineWorkingDays);
    case 'levelReminder': {
      if (level?.deadlineWorkingDays === undefined) return undefined;
      const due = after(level.deadlineWorkingDays);
      const reminder = due - level.reminderBeforeMs;
      return reminder > now ? reminder : now + Math.floor((due - now) / 2);
    }
    case 'escalationWindow':
      return level?.escalationWorkingDays === undefined ? undefined : after(level.escalationWorkingDays);
    case 'resubmitWindow':
      return commendation.resubmitWorkingDays === undefined ? undefined : after(commendation.resubmitWorkingDays);
    default:
      return undefined;
  }
}
