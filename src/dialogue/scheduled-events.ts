import { fromCallback } from 'xstate';
import type { Clock } from '../core/clock.ts';
import type { RobotEvent } from '../core/robot-input.ts';
import type { ScheduleEntry } from '../core/user-profile.ts';
import type { CareMachineEvent } from './care-machine.ts';

/** Milliseconds from `now` to the next local `HH:MM` (strictly later: a time just passed is tomorrow). */
export function msUntil(at: string, now: number): number {
  const [hours, minutes] = at.split(':').map(Number);
  const next = new Date(now);
  next.setHours(hours ?? 0, minutes ?? 0, 0, 0);
  if (next.getTime() <= now) next.setDate(next.getDate() + 1);
  return next.getTime() - now;
}

/**
 * The machine's `schedule` actor for a user's daily schedule: every entry becomes an input event
 * at its time of day, every day, timed by the injected clock.
 */
export function scheduledEvents(schedule: readonly ScheduleEntry[], clock: Clock) {
  return fromCallback<CareMachineEvent>(({ sendBack }) => {
    const timers = new Map<number, unknown>();
    const arm = (entry: ScheduleEntry, index: number) => {
      timers.set(
        index,
        clock.setTimeout(
          () => {
            const input: RobotEvent = {
              type: 'robot.event',
              event: entry.event,
              ...(entry.data ? { data: entry.data } : {}),
            };
            sendBack({ type: 'input', input });
            arm(entry, index);
          },
          msUntil(entry.at, clock.now()),
        ),
      );
    };
    schedule.forEach(arm);
    return () => {
      for (const timer of timers.values()) clock.clearTimeout(timer);
    };
  });
}
