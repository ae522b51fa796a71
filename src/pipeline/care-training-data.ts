import type { BehaviourLibrary } from '../behaviours/behaviour-library.ts';
import type { CareDialogue } from '../corpus/care-dialogue.ts';
import { CareFeaturizer } from '../model/care-featurizer.ts';
import type { TrainingSequence } from '../model/training/sequence-example.ts';
import { Vocabulary } from '../model/vocabulary.ts';
import { goldCommit, replayCare } from './replay-care.ts';

/** Turns whose expected action the mask forbids: a corpus/machine disagreement worth reporting. */
export interface MaskConflict {
  dialogue: string;
  turn: number;
  expected: string;
  state: string;
}

/** Builds the vocabulary from the training dialogues' utterances. */
export function buildVocabulary(dialogues: readonly CareDialogue[], maxSize = 6000): Vocabulary {
  const lists = dialogues.flatMap((d) => d.turns.map((t) => CareFeaturizer.inputText(t.input)));
  return Vocabulary.build(lists, { maxSize, minCount: 1 });
}

/**
 * Replays dialogues with the expected actions (teacher forcing) and turns them into training
 * sequences, one per user (a `session`'s dialogues run as one sequence, as the memory LSTM's state
 * carries across them at run time).
 */
export async function careTrainingData(
  dialogues: readonly CareDialogue[],
  library: BehaviourLibrary,
  featurizer: CareFeaturizer,
): Promise<{ sequences: TrainingSequence[]; conflicts: MaskConflict[] }> {
  const actionIndex = new Map(featurizer.actionIds.map((a, i) => [a, i]));
  const byUser = new Map<string, TrainingSequence>();
  const conflicts: MaskConflict[] = [];
  await replayCare(dialogues, library, ({ dialogue, index, turn, view, userKey }) => {
    const features = featurizer.encode(turn.input, view.context);
    const label = actionIndex.get(turn.robot);
    if (label === undefined)
      throw new Error(`${dialogue.id}: action '${turn.robot}' is not in the model's actions`);
    const allowed = featurizer.actionIds.map((id) => view.allowed.has(id));
    if (!allowed[label]) {
      conflicts.push({ dialogue: dialogue.id, turn: index, expected: turn.robot, state: view.state });
      allowed[label] = true;
    }
    const sequence = byUser.get(userKey) ?? { id: userKey, turns: [] };
    byUser.set(userKey, sequence);
    sequence.turns.push({
      text: features.text,
      context: features.context,
      allowed,
      label,
      ...(turn.input.type === 'user.utterance' ? { fact: turn.fact ? 1 : 0 } : {}),
    });
    return goldCommit(turn);
  });
  return { sequences: [...byUser.values()], conflicts };
}
