import type { CareEventName } from '../../../core/care-event.ts';
import type { Lang } from '../../../core/language.ts';

/** Every label of the page, in English and Korean. */
export interface PageText {
  title: string;
  user: string;
  userHint: string;
  language: string;
  voice: string;
  placeholder: string;
  send: string;
  events: string;
  carerAck: string;
  state: string;
  latency: string;
  topActions: string;
  memory: string;
  noMemory: string;
  messages: string;
  correct: string;
  correctionSave: string;
  correctionCancel: string;
  correctionSaved: string;
  correctionNeedsToken: string;
  alert: string;
  connecting: string;
  connected: string;
  disconnected: string;
  noWebgl: string;
  eventNames: Record<CareEventName, string>;
  examples: string[];
}

/** The page's words per language (the language switch picks one). */
export const PAGE_TEXT: Record<Lang, PageText> = {
  en: {
    title: 'carebot simulator',
    user: 'User',
    userHint: 'whose memory the robot uses (a new session starts)',
    language: 'Language',
    voice: 'Voice',
    placeholder: 'Say something to the robot…',
    send: 'Send',
    events: 'Events',
    carerAck: 'Carer acknowledges',
    state: 'Dialogue state',
    latency: 'Turn latency',
    topActions: 'Top actions',
    memory: 'Memory of the user',
    noMemory: 'nothing yet',
    messages: 'Messages',
    correct: 'Correct',
    correctionSave: 'Save as label',
    correctionCancel: 'Cancel',
    correctionSaved: 'correction saved',
    correctionNeedsToken: 'Corrections need the token: open the address carebot sim printed.',
    alert: 'ALERT to carer',
    connecting: 'connecting…',
    connected: 'connected',
    disconnected: 'disconnected',
    noWebgl: 'This browser cannot draw 3D (WebGL); the robot still moves in the panel values.',
    eventNames: {
      person_arrived: 'Person arrives',
      person_left: 'Person leaves',
      silence: 'Let silence pass',
      medication_due: 'Medication due',
      hydration_due: 'Time to drink',
      exercise_due: 'Exercise time',
      fall_detected: 'Fall detected',
      head_touched: 'Head touched',
    },
    examples: ['Hello!', 'What time is it?', 'My grandson Tom is visiting on Sunday', 'I fell down'],
  },
  ko: {
    title: '케어봇 시뮬레이터',
    user: '사용자',
    userHint: '로봇이 기억을 쓰는 사용자 (새 세션이 시작돼요)',
    language: '언어',
    voice: '음성',
    placeholder: '로봇에게 말해 보세요…',
    send: '보내기',
    events: '이벤트',
    carerAck: '보호자 확인',
    state: '대화 상태',
    latency: '응답 지연',
    topActions: '상위 행동',
    memory: '사용자에 대한 기억',
    noMemory: '아직 없음',
    messages: '메시지',
    correct: '수정',
    correctionSave: '정답으로 저장',
    correctionCancel: '취소',
    correctionSaved: '수정 저장됨',
    correctionNeedsToken: '수정하려면 토큰이 필요해요: carebot sim이 출력한 주소로 여세요.',
    alert: '보호자 알림',
    connecting: '연결 중…',
    connected: '연결됨',
    disconnected: '연결 끊김',
    noWebgl: '이 브라우저는 3D(WebGL)를 그릴 수 없어요.',
    eventNames: {
      person_arrived: '사람이 왔어요',
      person_left: '사람이 떠났어요',
      silence: '침묵 흘려보내기',
      medication_due: '약 먹을 시간',
      hydration_due: '물 마실 시간',
      exercise_due: '운동 시간',
      fall_detected: '넘어짐 감지',
      head_touched: '머리 쓰다듬기',
    },
    examples: ['안녕하세요!', '지금 몇 시예요?', '손자 민준이가 일요일에 와요', '넘어졌어요'],
  },
};
