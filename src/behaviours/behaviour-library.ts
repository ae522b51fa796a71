import type { ActionId } from '../core/care-action.ts';
import type { CareEventName } from '../core/care-event.ts';
import type { DialogueStateName } from '../core/dialogue-state.ts';
import type { JointLimit } from '../core/joint-limit.ts';
import type { JointTrajectory } from '../core/joint-trajectory.ts';
import type { Lang } from '../core/language.ts';
import type { ActionSpec, BackchannelSpec, GestureSpec } from './behaviour-schema.ts';
import { sampleGesture } from './sample-gesture.ts';
import { fillTemplate, templateSlots } from './template.ts';

/** One action of the library, as loaded and validated. */
export interface ActionDefinition {
  id: ActionId;
  description: string;
  gesture: string;
  states: readonly DialogueStateName[];
  /**
   * The events this action answers. When an event arrives outside an emergency, only the actions
   * naming it may answer it (an event no action names is not restricted).
   */
  events: readonly CareEventName[];
  slots: readonly string[];
  templates: Readonly<Record<Lang, readonly string[]>>;
}

/** One gesture: keyframes with every joint resolved (held values filled in). */
export interface GestureDefinition {
  id: string;
  description: string;
  /** Times in seconds, strictly increasing, from 0. */
  times: number[];
  /** Joint name → position at each keyframe time. */
  positions: Record<string, number[]>;
}

/** A place where a gesture leaves the robot's limits. */
export interface GestureViolation {
  gesture: string;
  joint: string;
  keyframe: number;
  problem: string;
}

/** The behaviour and gesture library (behaviours/): actions with templates, gestures as keyframes. */
export class BehaviourLibrary {
  readonly actions: ReadonlyMap<ActionId, ActionDefinition>;
  readonly gestures: ReadonlyMap<string, GestureDefinition>;
  readonly rest: Readonly<Record<string, number>>;
  readonly frameRate: number;
  /** Where it was loaded from, for messages. */
  readonly source: string;
  /** The nod and fillers of a backchannel (backchannel.yaml). */
  readonly backchannel: BackchannelSpec;

  constructor(options: {
    actions: Map<ActionId, ActionDefinition>;
    gestures: Map<string, GestureDefinition>;
    rest: Record<string, number>;
    frameRate: number;
    source: string;
    backchannel: BackchannelSpec;
  }) {
    this.backchannel = options.backchannel;
    this.actions = options.actions;
    this.gestures = options.gestures;
    this.rest = options.rest;
    this.frameRate = options.frameRate;
    this.source = options.source;
  }

  /** Action ids in library order (the order model heads use). */
  actionIds(): ActionId[] {
    return [...this.actions.keys()];
  }

  action(id: ActionId): ActionDefinition {
    const action = this.actions.get(id);
    if (!action) throw new Error(`unknown action id '${id}' (library ${this.source})`);
    return action;
  }

  /** The templates of an action in a language whose slots all have values now. */
  fillableTemplates(id: ActionId, lang: Lang, slots: Readonly<Record<string, string>>): string[] {
    return this.action(id).templates[lang].filter((t) =>
      templateSlots(t).every((s) => (slots[s] ?? '').trim() !== ''),
    );
  }

  /**
   * A line for the action: a random fillable template, preferring ones that use a known slot
   * (a name makes it personal). `random` returns [0, 1).
   */
  renderLine(
    id: ActionId,
    lang: Lang,
    slots: Readonly<Record<string, string>>,
    random: () => number,
  ): string {
    const fillable = this.fillableTemplates(id, lang, slots);
    const personal = fillable.filter((t) => templateSlots(t).length > 0);
    const pool = personal.length > 0 ? personal : fillable;
    const template = pool[Math.floor(random() * pool.length)] ?? this.action(id).templates[lang][0] ?? '';
    return fillTemplate(template, slots) ?? template.replace(/\s*\{[a-z_]+\}/g, '');
  }

  /** A filler for the latency budget (empty when the library has none in that language). */
  backchannelLine(lang: Lang, random: () => number): string {
    const lines = this.backchannel.lines[lang];
    return lines[Math.floor(random() * lines.length)] ?? '';
  }

  /** The gesture's joint trajectory for the given joints, sampled at the library's frame rate. */
  trajectory(gestureId: string, jointNames: readonly string[]): JointTrajectory {
    const gesture = this.gestures.get(gestureId);
    if (!gesture) throw new Error(`unknown gesture '${gestureId}' (library ${this.source})`);
    return sampleGesture(gesture, jointNames, this.rest, this.frameRate);
  }

  /** Every keyframe outside a joint's position limits, and every segment faster than its velocity limit. */
  checkAgainst(limits: readonly JointLimit[]): GestureViolation[] {
    const byName = new Map(limits.map((l) => [l.name, l]));
    const violations: GestureViolation[] = [];
    for (const gesture of this.gestures.values()) {
      for (const [joint, values] of Object.entries(gesture.positions)) {
        const limit = byName.get(joint);
        if (!limit) {
          violations.push({ gesture: gesture.id, joint, keyframe: 0, problem: 'joint is not in the robot' });
          continue;
        }
        values.forEach((value, k) => {
          if (value < limit.lower || value > limit.upper) {
            violations.push({
              gesture: gesture.id,
              joint,
              keyframe: k,
              problem: `position ${value} outside [${limit.lower}, ${limit.upper}]`,
            });
          }
          const previous = values[k - 1];
          const dt = (gesture.times[k] ?? 0) - (gesture.times[k - 1] ?? 0);
          if (previous !== undefined && Math.abs(value - previous) / dt > limit.velocity) {
            const speed = (Math.abs(value - previous) / dt).toFixed(2);
            violations.push({
              gesture: gesture.id,
              joint,
              keyframe: k,
              problem: `speed ${speed} rad/s above the limit ${limit.velocity}`,
            });
          }
        });
      }
    }
    return violations;
  }
}

/** Builds the runtime definition of an action from its validated spec. */
export function toActionDefinition(id: ActionId, spec: ActionSpec): ActionDefinition {
  return {
    id,
    description: spec.description,
    gesture: spec.gesture,
    states: spec.states,
    events: spec.events,
    slots: spec.slots,
    templates: spec.templates,
  };
}

/** Resolves held joint values so every moved joint has a position at every keyframe. */
export function toGestureDefinition(
  id: string,
  spec: GestureSpec,
  rest: Readonly<Record<string, number>>,
): GestureDefinition {
  const moved = [...new Set(spec.keyframes.flatMap((k) => Object.keys(k.joints)))];
  const positions: Record<string, number[]> = {};
  for (const joint of moved) {
    let held = rest[joint] ?? 0;
    positions[joint] = spec.keyframes.map((k) => {
      held = k.joints[joint] ?? held;
      return held;
    });
  }
  return { id, description: spec.description, times: spec.keyframes.map((k) => k.t), positions };
}
