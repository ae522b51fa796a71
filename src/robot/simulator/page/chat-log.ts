import type { ActionId } from '../../../core/care-action.ts';
import type { RobotAction } from '../../../core/robot-action.ts';
import { el } from './dom.ts';
import type { PageText } from './page-text.ts';

/** What the log needs from the page around it. */
export interface ChatLogOptions {
  text: () => PageText;
  /** The behaviour library's actions (from the server's hello). */
  actionIds: () => readonly ActionId[];
  /** The page holds the token. */
  operator: () => boolean;
  onCorrect: (turn: number, actionId: ActionId, text: string | undefined) => void;
}

/** The conversation as a list: user lines, events, robot turns (each correctable by an operator). */
export class ChatLog {
  constructor(
    private readonly list: HTMLElement,
    private readonly options: ChatLogOptions,
  ) {}

  user(text: string): void {
    this.add(el('li', { class: 'msg user' }, text));
  }

  event(label: string): void {
    this.add(el('li', { class: 'msg event' }, `⚑ ${label}`));
  }

  note(text: string, kind: 'info' | 'error' = 'info'): void {
    this.add(el('li', { class: `msg note ${kind}` }, text));
  }

  backchannel(text: string): void {
    this.add(el('li', { class: 'msg robot backchannel' }, text));
  }

  /** A robot turn with its action, and a correction form for operators. */
  robot(action: RobotAction): void {
    const t = this.options.text();
    const item = el(
      'li',
      { class: 'msg robot', 'data-turn': String(action.turn), 'data-action': action.actionId },
      el('div', { class: 'meta' }, `#${action.turn} · ${action.actionId} · ${action.gesture.name}`),
      el('div', { class: 'line' }, action.text),
    );
    if (action.alert) item.classList.add('alerting');
    const button = el('button', { type: 'button', class: 'correct' }, t.correct);
    button.addEventListener('click', () => {
      if (!this.options.operator()) {
        this.note(this.options.text().correctionNeedsToken, 'error');
        return;
      }
      if (!item.querySelector('form')) item.append(this.correctionForm(action, item));
    });
    item.append(button);
    this.add(item);
  }

  /** Marks a turn's correction as recorded by the server. */
  corrected(turn: number): void {
    const items = this.list.querySelectorAll<HTMLElement>(`li.robot[data-turn="${turn}"]`);
    const item = items[items.length - 1];
    if (!item) return;
    item.classList.add('corrected');
    item.querySelector('.correction-status')?.remove();
    const label = item.dataset.correctedTo ?? '';
    item.append(
      el('div', { class: 'correction-status' }, `✓ ${this.options.text().correctionSaved}: ${label}`),
    );
  }

  private correctionForm(action: RobotAction, item: HTMLElement): HTMLFormElement {
    const t = this.options.text();
    const select = el('select', { name: 'actionId', class: 'correction-action' });
    for (const id of this.options.actionIds()) {
      const option = el('option', { value: id }, id);
      if (id === action.actionId) option.selected = true;
      select.append(option);
    }
    const line = el('input', { name: 'text', class: 'correction-text', maxlength: '500' });
    line.value = action.text;
    const cancel = el('button', { type: 'button', class: 'correction-cancel' }, t.correctionCancel);
    const form = el(
      'form',
      { class: 'correction' },
      select,
      line,
      el('button', { type: 'submit', class: 'correction-save' }, t.correctionSave),
      cancel,
    );
    cancel.addEventListener('click', () => form.remove());
    form.addEventListener('submit', (event) => {
      event.preventDefault();
      const edited = line.value.trim();
      item.dataset.correctedTo = select.value;
      this.options.onCorrect(
        action.turn,
        select.value,
        edited.length > 0 && edited !== action.text ? edited : undefined,
      );
      form.remove();
    });
    return form;
  }

  private add(item: HTMLElement): void {
    this.list.append(item);
    item.scrollIntoView({ block: 'end' });
  }
}
