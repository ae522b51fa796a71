/** One turn as training data: features, the mask, the expected action and (optionally) the fact label. */
export interface TrainingTurn {
  text: number[];
  context: Float32Array;
  allowed: boolean[];
  /** Index of the expected action. */
  label: number;
  /** 1 if the user told a personal fact, 0 if not, undefined where it does not apply (events, bAbI). */
  fact?: 0 | 1;
}

/** A sequence the memory LSTM reads in one go: a dialogue, or a user's chained dialogues. */
export interface TrainingSequence {
  id: string;
  turns: TrainingTurn[];
}
