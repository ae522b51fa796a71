/**
 * The simulator's wire protocol, shared by the server and the page: typed socket.io event maps
 * and the validation of every payload the page may send. Pure: no Node or DOM imports.
 */
import type { ActionId } from '../../core/care-action.ts';
import { CARE_EVENTS, type CareEventName, isCareEvent } from '../../core/care-event.ts';
import { isLang } from '../../core/language.ts';
import type { SessionInput } from '../../core/operator-input.ts';
import type { RobotOutput } from '../../core/robot-output.ts';
import { USER_ID_PATTERN } from '../../core/user-profile.ts';

/** Size limits of incoming payloads (characters, entries). */
export const LIMITS = {
  utteranceChars: 500,
  correctionChars: 500,
  userIdChars: 64,
  ackByChars: 64,
  dataEntries: 16,
  dataKeyChars: 64,
  dataValueChars: 200,
  /** Highest turn index a correction may name. */
  maxTurn: 1_000_000,
} as const;

/** What the page sends: exactly the session inputs of the port (src/core/operator-input.ts). */
export type ClientMessage = SessionInput;

/** Why the server refused a payload. */
export type SimErrorCode =
  | 'invalid_payload'
  | 'unknown_event'
  | 'unknown_action'
  | 'unauthorized'
  | 'rate_limited';

/** The `error` event: what was wrong, in words a person can act on. */
export interface SimError {
  code: SimErrorCode;
  message: string;
  /** The field at fault, when one is (e.g. `text`). */
  field?: string;
}

/** Sent once per connection: who this session is and what the page may offer. */
export interface SimHello {
  sessionId: string;
  /** The user the page named; absent: the runtime's default user (`--user`, CAREBOT_USER). */
  userId?: string;
  robotName: string;
  /** Movable joints in URDF order (trajectories name them too). */
  jointNames: string[];
  /** The behaviour library's action ids, for operator corrections. */
  actionIds: ActionId[];
  events: CareEventName[];
  /** True when the connection carried the token: operator corrections are allowed. */
  operator: boolean;
  /** Where the page fetches the URDF. */
  urdfPath: string;
  limits: typeof LIMITS;
}

/** An operator input was accepted and handed to the runtime. */
export interface SimAccepted {
  type: 'carer.ack' | 'operator.correction';
  turn?: number;
}

/** Events the server emits to one page. */
export interface ServerToClientEvents {
  hello: (hello: SimHello) => void;
  output: (output: RobotOutput) => void;
  accepted: (accepted: SimAccepted) => void;
  error: (error: SimError) => void;
}

/** Events the page emits. */
export interface ClientToServerEvents {
  input: (message: ClientMessage) => void;
}

/** What the page puts in the socket.io handshake (`auth`). */
export interface SimHandshake {
  token?: string;
  userId?: string;
}

/** The result of validating one payload. */
export type Parsed<T> = { ok: true; value: T } | { ok: false; error: SimError };

/** What the validator must know about this connection. */
export interface ParseContext {
  /** The connection carried the token. */
  operator: boolean;
  actionIds: ReadonlySet<ActionId>;
}

const MESSAGE_TYPES = ['user.utterance', 'robot.event', 'carer.ack', 'operator.correction'] as const;

function invalid(message: string, field?: string): { ok: false; error: SimError } {
  return { ok: false, error: { code: 'invalid_payload', message, ...(field ? { field } : {}) } };
}

function isRecord(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** An error naming the first key not in `allowed`, if any. */
function extraKey(
  value: Record<string, unknown>,
  allowed: readonly string[],
  what: string,
): { ok: false; error: SimError } | undefined {
  const extra = Object.keys(value).find((k) => !allowed.includes(k));
  return extra === undefined
    ? undefined
    : invalid(`${what}: unknown field '${extra.slice(0, 40)}' (allowed: ${allowed.join(', ')})`, extra);
}

/** A string of 1..max characters that is not only blanks; an error message otherwise. */
function checkText(value: unknown, max: number, what: string): string | undefined {
  if (typeof value !== 'string') return `${what} must be a string`;
  if (value.trim().length === 0) return `${what} must not be empty`;
  if (value.length > max) return `${what} must be at most ${max} characters (got ${value.length})`;
  return undefined;
}

function parseData(value: unknown): Parsed<Record<string, string | number | boolean>> {
  if (!isRecord(value)) return invalid("robot.event: 'data' must be an object", 'data');
  const entries = Object.entries(value);
  if (entries.length > LIMITS.dataEntries)
    return invalid(`robot.event: 'data' may hold at most ${LIMITS.dataEntries} entries`, 'data');
  for (const [key, v] of entries) {
    if (key.length === 0 || key.length > LIMITS.dataKeyChars)
      return invalid(`robot.event: 'data' keys must have 1 to ${LIMITS.dataKeyChars} characters`, 'data');
    const ok =
      typeof v === 'boolean' ||
      (typeof v === 'number' && Number.isFinite(v)) ||
      (typeof v === 'string' && v.length <= LIMITS.dataValueChars);
    if (!ok)
      return invalid(
        `robot.event: data.${key.slice(0, 40)} must be a finite number, a boolean or a string of at most ${LIMITS.dataValueChars} characters`,
        'data',
      );
  }
  return { ok: true, value: Object.fromEntries(entries) as Record<string, string | number | boolean> };
}

/**
 * Validates one payload of the `input` event. Never throws: anything that is not exactly one of
 * the four session inputs (types, sizes, known events and actions, the token for corrections)
 * comes back as a `SimError`. The value returned is a fresh object holding only known fields.
 */
export function parseClientMessage(value: unknown, context: ParseContext): Parsed<ClientMessage> {
  if (!isRecord(value)) return invalid('a message must be an object with a string "type"');
  const type = value.type;
  if (typeof type !== 'string' || !(MESSAGE_TYPES as readonly string[]).includes(type))
    return invalid(`'type' must be one of ${MESSAGE_TYPES.join(', ')}`, 'type');
  switch (type as ClientMessage['type']) {
    case 'user.utterance': {
      const extra = extraKey(value, ['type', 'text', 'lang'], type);
      if (extra) return extra;
      const problem = checkText(value.text, LIMITS.utteranceChars, "user.utterance: 'text'");
      if (problem) return invalid(problem, 'text');
      if (value.lang !== undefined && !isLang(value.lang))
        return invalid("user.utterance: 'lang' must be 'en' or 'ko'", 'lang');
      const text = (value.text as string).trim();
      return {
        ok: true,
        value: { type: 'user.utterance', text, ...(isLang(value.lang) ? { lang: value.lang } : {}) },
      };
    }
    case 'robot.event': {
      const extra = extraKey(value, ['type', 'event', 'data'], type);
      if (extra) return extra;
      if (!isCareEvent(value.event))
        return invalid(`robot.event: 'event' must be one of ${CARE_EVENTS.join(', ')}`, 'event');
      if (value.data === undefined) return { ok: true, value: { type: 'robot.event', event: value.event } };
      const data = parseData(value.data);
      if (!data.ok) return data;
      return { ok: true, value: { type: 'robot.event', event: value.event, data: data.value } };
    }
    case 'carer.ack': {
      const extra = extraKey(value, ['type', 'by'], type);
      if (extra) return extra;
      if (value.by === undefined) return { ok: true, value: { type: 'carer.ack' } };
      const problem = checkText(value.by, LIMITS.ackByChars, "carer.ack: 'by'");
      if (problem) return invalid(problem, 'by');
      return { ok: true, value: { type: 'carer.ack', by: (value.by as string).trim() } };
    }
    case 'operator.correction': {
      if (!context.operator)
        return {
          ok: false,
          error: {
            code: 'unauthorized',
            message:
              'operator corrections need the token: open the URL carebot sim printed (it ends in ?token=...)',
          },
        };
      const extra = extraKey(value, ['type', 'turn', 'actionId', 'text'], type);
      if (extra) return extra;
      const turn = value.turn;
      if (typeof turn !== 'number' || !Number.isInteger(turn) || turn < 0 || turn > LIMITS.maxTurn)
        return invalid(
          `operator.correction: 'turn' must be a whole number from 0 to ${LIMITS.maxTurn}`,
          'turn',
        );
      if (typeof value.actionId !== 'string' || !context.actionIds.has(value.actionId))
        return {
          ok: false,
          error: {
            code: 'unknown_action',
            message: `operator.correction: 'actionId' must be an action of the behaviour library (got ${JSON.stringify(String(value.actionId).slice(0, 40))})`,
            field: 'actionId',
          },
        };
      const correction = { type: 'operator.correction' as const, turn, actionId: value.actionId };
      if (value.text === undefined) return { ok: true, value: correction };
      const problem = checkText(value.text, LIMITS.correctionChars, "operator.correction: 'text'");
      if (problem) return invalid(problem, 'text');
      return { ok: true, value: { ...correction, text: (value.text as string).trim() } };
    }
  }
}

/** Validates the handshake's `auth` (an empty user id means none: the runtime's default user). */
export function parseHandshake(value: unknown): Parsed<{ token?: string; userId?: string }> {
  if (value === undefined || value === null) return { ok: true, value: {} };
  if (!isRecord(value)) return invalid('the handshake auth must be an object');
  const extra = extraKey(value, ['token', 'userId'], 'handshake');
  if (extra) return extra;
  if (value.token !== undefined && (typeof value.token !== 'string' || value.token.length > 256))
    return invalid("handshake: 'token' must be a string of at most 256 characters", 'token');
  let userId: string | undefined;
  if (value.userId !== undefined && value.userId !== '') {
    // The users' own rule (their memory file is named after the id): a session the runtime could
    // not open must be refused here, where the page hears why, not fail silently on every turn.
    if (
      typeof value.userId !== 'string' ||
      value.userId.length > LIMITS.userIdChars ||
      !USER_ID_PATTERN.test(value.userId)
    )
      return invalid(
        `handshake: 'userId' must be 1 to ${LIMITS.userIdChars} ASCII letters, digits, _ - or . (not first)`,
        'userId',
      );
    userId = value.userId;
  }
  return {
    ok: true,
    value: {
      ...(userId !== undefined ? { userId } : {}),
      ...(typeof value.token === 'string' ? { token: value.token } : {}),
    },
  };
}
