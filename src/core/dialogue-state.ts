/** The top-level dialogue states an action may be allowed in (the machine's masks use them). */
export const DIALOGUE_STATES = ['idle', 'engaged', 'initiative', 'emergency', 'closing'] as const;
export type DialogueStateName = (typeof DIALOGUE_STATES)[number];
