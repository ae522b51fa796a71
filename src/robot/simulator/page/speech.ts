import type { Lang } from '../../../core/language.ts';

const BCP47: Record<Lang, string> = { en: 'en', ko: 'ko' };

/** A voice of the browser for the language, if it has one. */
function voiceFor(lang: Lang): SpeechSynthesisVoice | undefined {
  if (typeof speechSynthesis === 'undefined') return undefined;
  return speechSynthesis.getVoices().find((v) => v.lang.toLowerCase().startsWith(BCP47[lang]));
}

/**
 * Speaks a line with the browser's speech synthesis when it has a voice for the language, and
 * calls `onStart` when the speech starts (at once when there is no voice or `enabled` is false),
 * so the gesture starts with the words.
 */
export function speak(text: string, lang: Lang, enabled: boolean, onStart: () => void): void {
  const voice = enabled ? voiceFor(lang) : undefined;
  if (!voice) {
    onStart();
    return;
  }
  speechSynthesis.cancel();
  const utterance = new SpeechSynthesisUtterance(text);
  utterance.voice = voice;
  utterance.lang = voice.lang;
  let started = false;
  const start = () => {
    if (started) return;
    started = true;
    onStart();
  };
  utterance.onstart = start;
  utterance.onerror = start;
  // Some engines never report the start: do not let the robot freeze waiting for it.
  setTimeout(start, 600);
  speechSynthesis.speak(utterance);
}
