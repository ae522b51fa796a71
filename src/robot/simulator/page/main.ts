/**
 * The simulator page (browser code, bundled by bundle-page.ts): draws the robot, plays its
 * gestures with its lines, sends the user's words and events, and lets an operator label turns.
 */
import { io, type Socket } from 'socket.io-client';
import type { CareEventName } from '../../../core/care-event.ts';
import type { JointTrajectory } from '../../../core/joint-trajectory.ts';
import type { Lang } from '../../../core/language.ts';
import type { RobotOutput } from '../../../core/robot-output.ts';
import type { ClientMessage, ClientToServerEvents, ServerToClientEvents, SimHello } from '../protocol.ts';
import { ChatLog } from './chat-log.ts';
import { byId, el } from './dom.ts';
import { PAGE_TEXT, type PageText } from './page-text.ts';
import { RobotView } from './robot-view.ts';
import { sampleTrajectory, trajectoryDuration } from './sample-trajectory.ts';
import { SidePanel } from './side-panel.ts';
import { speak } from './speech.ts';

/** What end-to-end tests (and curious designers, in the console) can read. */
interface CarebotSimHandle {
  jointValues(): Record<string, number>;
  hello: SimHello | undefined;
  outputs: RobotOutput[];
}

declare global {
  interface Window {
    carebotSim: CarebotSimHandle;
  }
}

type SimClient = Socket<ServerToClientEvents, ClientToServerEvents>;

// The token arrives in the address (?token=...): keep it for this tab, then take it out of the
// address bar so it is not shared by a copied link or a screenshot.
const params = new URLSearchParams(location.search);
const urlToken = params.get('token');
if (urlToken) {
  sessionStorage.setItem('carebot.token', urlToken);
  history.replaceState(null, '', location.pathname);
}
const token = sessionStorage.getItem('carebot.token') ?? undefined;

let lang: Lang = localStorage.getItem('carebot.lang') === 'ko' ? 'ko' : 'en';
let hello: SimHello | undefined;
let socket: SimClient | undefined;
const outputs: RobotOutput[] = [];
const text = (): PageText => PAGE_TEXT[lang];

const bubble = byId('bubble');
const alertBox = byId('alert');
const status = byId('status');
const userField = byId<HTMLInputElement>('user');
const voiceToggle = byId<HTMLInputElement>('voice');
const panel = new SidePanel();
const log = new ChatLog(byId('log'), {
  text,
  actionIds: () => hello?.actionIds ?? [],
  operator: () => hello?.operator === true,
  onCorrect: (turn, actionId, line) =>
    send({ type: 'operator.correction', turn, actionId, ...(line ? { text: line } : {}) }),
});

const urdf = await (await fetch('/robot.urdf')).text();
const view = new RobotView(byId('robot-view'), urdf);
if (!view.webgl) byId('robot-view').append(el('p', { class: 'no-webgl' }, text().noWebgl));
window.carebotSim = { jointValues: () => view.jointValues(), hello: undefined, outputs };

/** The gesture now playing: its trajectory and when it started (performance.now()). */
let playing: { trajectory: JointTrajectory; startedAt: number } | undefined;
function frame(now: number): void {
  if (playing) {
    const seconds = (now - playing.startedAt) / 1000;
    view.setJoints(sampleTrajectory(playing.trajectory, seconds));
    if (seconds > trajectoryDuration(playing.trajectory)) playing = undefined;
  }
  view.render();
  requestAnimationFrame(frame);
}
requestAnimationFrame(frame);

function say(line: string, lineLang: Lang, trajectory: JointTrajectory, backchannel: boolean): void {
  bubble.textContent = line;
  bubble.classList.toggle('backchannel', backchannel);
  bubble.hidden = false;
  speak(line, lineLang, voiceToggle.checked, () => {
    playing = { trajectory, startedAt: performance.now() };
  });
}

function onOutput(output: RobotOutput): void {
  outputs.push(output);
  switch (output.type) {
    case 'robot.action':
      log.robot(output);
      panel.turn(output.top, output.latencyMs);
      panel.state(output.state);
      if (output.alert) {
        alertBox.textContent = `${text().alert}: ${output.alert.reason}`;
        alertBox.hidden = false;
      } else if (output.state !== 'emergency') alertBox.hidden = true;
      say(output.text, output.lang, output.gesture.trajectory, false);
      break;
    case 'robot.backchannel':
      log.backchannel(output.text);
      say(output.text, output.lang, output.gesture.trajectory, true);
      break;
    case 'robot.state':
      panel.state(output.state, output.path);
      if (output.state !== 'emergency') alertBox.hidden = true;
      break;
    case 'robot.memory':
      panel.facts(output.facts, text());
      break;
  }
}

function send(message: ClientMessage): void {
  if (!socket?.connected) {
    log.note(text().disconnected, 'error');
    return;
  }
  socket.emit('input', message);
}

function connect(): void {
  socket?.disconnect();
  const userId = userField.value.trim();
  status.textContent = text().connecting;
  const next: SimClient = io({
    transports: ['websocket'],
    auth: { ...(token ? { token } : {}), ...(userId ? { userId } : {}) },
  });
  next.on('hello', (h) => {
    hello = h;
    window.carebotSim.hello = h;
    status.textContent = `${text().connected} · ${h.robotName} · ${h.sessionId} · ${h.userId ?? 'default user'}${h.operator ? ' · operator' : ''}`;
    document.body.dataset.session = h.sessionId;
  });
  next.on('output', onOutput);
  next.on('accepted', (a) => {
    if (a.type === 'operator.correction' && a.turn !== undefined) log.corrected(a.turn);
  });
  next.on('error', (e) => log.note(`${e.code}: ${e.message}`, 'error'));
  next.on('connect_error', (e) => {
    status.textContent = `${text().disconnected}: ${e.message}`;
  });
  next.on('disconnect', () => {
    status.textContent = text().disconnected;
  });
  socket = next;
}

function relabel(): void {
  const t = text();
  document.documentElement.lang = lang;
  for (const node of document.querySelectorAll<HTMLElement>('[data-text]')) {
    const key = node.dataset.text as keyof PageText;
    const value = t[key];
    if (typeof value === 'string') node.textContent = value;
  }
  byId<HTMLInputElement>('utterance').placeholder = t.placeholder;
  userField.title = t.userHint;
  for (const button of document.querySelectorAll<HTMLButtonElement>('button[data-event]'))
    button.textContent = t.eventNames[button.dataset.event as CareEventName];
  byId('examples').replaceChildren(
    ...t.examples.map((example) => {
      const chip = el('button', { type: 'button', class: 'example' }, example);
      chip.addEventListener('click', () => {
        byId<HTMLInputElement>('utterance').value = example;
      });
      return chip;
    }),
  );
}

byId('events').replaceChildren(
  ...(Object.keys(PAGE_TEXT.en.eventNames) as CareEventName[]).map((event) => {
    const button = el('button', {
      type: 'button',
      'data-event': event,
      class: event === 'fall_detected' ? 'danger' : '',
    });
    button.addEventListener('click', () => {
      log.event(text().eventNames[event]);
      send({ type: 'robot.event', event });
    });
    return button;
  }),
);
byId('carer-ack').addEventListener('click', () => {
  log.event(text().carerAck);
  send({ type: 'carer.ack' });
});
byId<HTMLFormElement>('chat-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const input = byId<HTMLInputElement>('utterance');
  const line = input.value.trim();
  if (!line) return;
  log.user(line);
  send({ type: 'user.utterance', text: line });
  input.value = '';
});
const langSelect = byId<HTMLSelectElement>('lang');
langSelect.value = lang;
langSelect.addEventListener('change', () => {
  lang = langSelect.value === 'ko' ? 'ko' : 'en';
  localStorage.setItem('carebot.lang', lang);
  relabel();
});
userField.value = localStorage.getItem('carebot.user') ?? '';
userField.addEventListener('change', () => {
  localStorage.setItem('carebot.user', userField.value.trim());
  connect();
});
relabel();
panel.facts([], text());
connect();
