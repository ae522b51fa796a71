import path from 'node:path';
import { babiContext, typedUtterance } from '../babi/babi-featurizer.ts';
import { BabiKnowledge } from '../babi/babi-knowledge.ts';
import { BabiTracker } from '../babi/babi-tracker.ts';
import { Delexicalizer } from '../babi/delexicalize.ts';
import type { BabiDialogue, BabiTurn } from '../corpus/read-babi.ts';
import { readBabi, readBabiKb } from '../corpus/read-babi.ts';
import { textFeatures } from '../model/text-features.ts';

/** The bAbI task family of a file: T1-T5 share the restaurant KB; T6 is DSTC2. */
export function babiFamily(file: string): 'dialog' | 'dstc2' {
  return /task6|dstc2/.test(path.basename(file)) ? 'dstc2' : 'dialog';
}

/** The KB file beside a bAbI task file. */
export function defaultKbFile(file: string): string {
  return path.join(
    path.dirname(file),
    babiFamily(file) === 'dstc2' ? 'dialog-babi-task6-dstc2-kb.txt' : 'dialog-babi-kb-all.txt',
  );
}

/** The knowledge and delexicaliser for a set of task files (KB file plus results seen in dialogues). */
export async function babiDomain(
  kbFile: string,
  dialogues: readonly BabiDialogue[],
): Promise<{ kb: BabiKnowledge; delex: Delexicalizer }> {
  const kb = new BabiKnowledge(await readBabiKb(kbFile));
  for (const d of dialogues) for (const t of d.turns) for (const f of t.results) kb.add(f);
  return {
    kb,
    delex: new Delexicalizer(
      kb,
      dialogues.flatMap((d) => d.turns.map((t) => t.bot)),
    ),
  };
}

/** One turn replayed with the gold history: its template, features and mask. */
export interface BabiStep {
  dialogue: BabiDialogue;
  index: number;
  turn: BabiTurn;
  template: string;
  text: string[];
  tracker: BabiTracker;
  allowed: boolean[];
  context: Float32Array;
}

/**
 * Replays bAbI dialogues with the expected responses carried forward (the paper's protocol),
 * giving each turn's template, text features, fillable-template mask and context vector.
 */
export function* replayBabi(
  dialogues: readonly BabiDialogue[],
  kb: BabiKnowledge,
  delex: Delexicalizer,
  templates: readonly string[],
): Generator<BabiStep> {
  const index = new Map(templates.map((t, i) => [t, i]));
  for (const dialogue of dialogues) {
    const tracker = new BabiTracker(kb);
    let previous = -1;
    for (const [i, turn] of dialogue.turns.entries()) {
      tracker.observe(turn);
      const template = delex.delexicalize(turn.bot, tracker.results);
      const allowed = templates.map((t) => tracker.lexicalize(t) !== undefined);
      const context = babiContext(tracker, turn, i, previous, allowed);
      yield {
        dialogue,
        index: i,
        turn,
        template,
        text: textFeatures(typedUtterance(turn.user, kb)),
        tracker,
        allowed,
        context,
      };
      tracker.commit(turn.bot);
      previous = index.get(template) ?? -1;
    }
  }
}

/** Reads task files and the templates of their responses, in order of first appearance. */
export async function readBabiFiles(files: readonly string[]): Promise<BabiDialogue[]> {
  return (await Promise.all(files.map((f) => readBabi(f)))).flat();
}
