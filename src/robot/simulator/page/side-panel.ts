import type { MemoryFact } from '../../../core/memory-fact.ts';
import type { ScoredAction } from '../../../core/robot-action.ts';
import { byId, el } from './dom.ts';
import type { PageText } from './page-text.ts';

/** The designer's panel: dialogue state, top actions with scores, turn latency, memory. */
export class SidePanel {
  private readonly statePath = byId('state-path');
  private readonly stateName = byId('state-name');
  private readonly latency = byId('latency');
  private readonly top = byId('top-actions');
  private readonly memory = byId('memory');

  /** `path` is the machine's state path when the runtime sends one (robot.state). */
  state(name: string, path?: string): void {
    this.stateName.textContent = name;
    if (path !== undefined) this.statePath.textContent = path;
    document.body.classList.toggle('emergency', name === 'emergency');
  }

  turn(top: readonly ScoredAction[], latencyMs: number): void {
    this.latency.textContent = `${latencyMs.toFixed(1)} ms`;
    const best = Math.max(1e-9, ...top.map((a) => a.score));
    this.top.replaceChildren(
      ...top.slice(0, 5).map((a) => {
        const bar = el('span', { class: 'bar' });
        bar.style.width = `${Math.round((100 * Math.max(0, a.score)) / best)}%`;
        return el(
          'li',
          {},
          el('span', { class: 'id' }, a.id),
          el('span', { class: 'score' }, a.score.toFixed(3)),
          bar,
        );
      }),
    );
  }

  facts(facts: readonly MemoryFact[], text: PageText): void {
    if (facts.length === 0) {
      this.memory.replaceChildren(el('li', { class: 'empty' }, text.noMemory));
      return;
    }
    this.memory.replaceChildren(
      ...facts.map((f) =>
        el(
          'li',
          { class: f.recalled ? 'recalled' : '' },
          el('span', { class: 'kind' }, f.kind),
          ` ${f.text}`,
        ),
      ),
    );
  }
}
