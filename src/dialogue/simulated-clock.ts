import { SimulatedClock as XStateSimulatedClock } from 'xstate';
import type { Clock } from '../core/clock.ts';

/** A clock whose time moves only when told (`set`, `increment`): XState's, for tests and benchmarks. */
export class SimulatedClock extends XStateSimulatedClock implements Clock {}
