import { CarebotError } from '../core/carebot-error.ts';
import { maskedSoftmax } from '../model/memory-model.ts';
import { MemoryStepper } from '../model/memory-stepper.ts';
import { loadModel } from '../model/persistence/model-store.ts';
import { Vocabulary } from '../model/vocabulary.ts';
import { babiDomain, defaultKbFile, readBabiFiles, replayBabi } from './babi-data.ts';
import { type EvalReport, type PredictionLine, ScoreBoard } from './score-board.ts';

const normalize = (s: string) => s.trim().replace(/\s+/g, ' ');

/**
 * Scores a bAbI model as the paper does: per-response accuracy (the filled-in response equals the
 * expected one, word for word) and per-dialogue accuracy, with the expected response carried
 * forward in the history. Scored by the template chosen, filled from the tracker.
 */
export async function evaluateBabi(
  modelDir: string,
  files: readonly string[],
  kbFile?: string,
  onPrediction?: (line: PredictionLine) => void,
): Promise<EvalReport> {
  const { models, metadata } = await loadModel(modelDir);
  const model = models[0];
  if (!model) throw new CarebotError('MODEL_INVALID', `${modelDir}: no model member`);
  if (metadata.domain !== 'babi')
    throw new CarebotError(
      'MODEL_MISMATCH',
      `${modelDir}: a '${metadata.domain}' model cannot be scored on bAbI files`,
    );
  const vocabulary = new Vocabulary(metadata.vocabulary);
  const stepper = new MemoryStepper(model);
  for (const m of models) m.dispose();
  const dialogues = await readBabiFiles(files);
  const { kb, delex } = await babiDomain(kbFile ?? defaultKbFile(files[0] ?? ''), dialogues);
  const templates = metadata.actionIds;
  const board = new ScoreBoard();
  for (const step of replayBabi(dialogues, kb, delex, templates)) {
    const started = performance.now();
    const { logits } = stepper.step(step.dialogue.id, vocabulary.indices(step.text), step.context);
    const probabilities = maskedSoftmax(logits, step.allowed);
    let best = 0;
    probabilities.forEach((p, i) => {
      if (p > (probabilities[best] ?? 0)) best = i;
    });
    const template = templates[best] ?? '';
    const text = step.tracker.lexicalize(template) ?? template;
    const latencyMs = performance.now() - started;
    const correct = normalize(text) === normalize(step.turn.bot);
    // A right template filled wrongly is a wrong response: score it apart from the template.
    const predicted = correct
      ? step.template
      : template === step.template
        ? `${template} (filled wrongly)`
        : template;
    board.add(step.dialogue.id, step.template, predicted, latencyMs);
    onPrediction?.({
      dialogue: step.dialogue.id,
      turn: step.index,
      expected: step.turn.bot,
      predicted: text,
      top: [...probabilities]
        .map((p, i) => [templates[i] ?? '', p] as [string, number])
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3),
      text,
    });
    if (step.index === step.dialogue.turns.length - 1) stepper.end(step.dialogue.id);
  }
  stepper.dispose();
  return board.report();
}
