import type { Lang } from '../core/language.ts';

const EN_DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const EN_MONTHS = [
  'January',
  'February',
  'March',
  'April',
  'May',
  'June',
  'July',
  'August',
  'September',
  'October',
  'November',
  'December',
];
const KO_DAYS = ['일요일', '월요일', '화요일', '수요일', '목요일', '금요일', '토요일'];

/** Calendar fields of a moment in a time zone (default: the process's), independent of ICU locale data. */
function fields(
  now: Date,
  timeZone?: string,
): { year: number; month: number; day: number; weekday: number; hour: number; minute: number } {
  const parts = new Intl.DateTimeFormat('en-US', {
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    weekday: 'short',
    hour: 'numeric',
    minute: 'numeric',
    hourCycle: 'h23',
    ...(timeZone ? { timeZone } : {}),
  }).formatToParts(now);
  const get = (type: string): string => parts.find((p) => p.type === type)?.value ?? '0';
  return {
    year: Number(get('year')),
    month: Number(get('month')),
    day: Number(get('day')),
    weekday: ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'].indexOf(get('weekday')),
    hour: Number(get('hour')) % 24,
    minute: Number(get('minute')),
  };
}

/**
 * The `{time}` and `{date}` slots, as each language says them:
 * en "3:05 PM" / "Tuesday, November 24"; ko "오후 3시 5분" / "11월 24일 화요일".
 * Built from numeric fields because Node's ICU may lack Korean locale data.
 */
export function clockSlots(now: Date, lang: Lang, timeZone?: string): { time: string; date: string } {
  const f = fields(now, timeZone);
  const hour12 = f.hour % 12 === 0 ? 12 : f.hour % 12;
  if (lang === 'ko') {
    return {
      time: `${f.hour < 12 ? '오전' : '오후'} ${hour12}시${f.minute > 0 ? ` ${f.minute}분` : ''}`,
      date: `${f.month}월 ${f.day}일 ${KO_DAYS[f.weekday] ?? ''}`.trim(),
    };
  }
  return {
    time: `${hour12}:${String(f.minute).padStart(2, '0')} ${f.hour < 12 ? 'AM' : 'PM'}`,
    date: `${EN_DAYS[f.weekday] ?? ''}, ${EN_MONTHS[f.month - 1] ?? ''} ${f.day}`,
  };
}
