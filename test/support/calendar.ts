import { createRequire } from 'node:module';
import { buildCalendar, type CalendarDayEntry, type WorkingCalendar } from '../../src/calendar/working-calendar.js';

/** The calendar the migration seeds, built straight from the chinese-days package (for unit tests of real years). */
export function packageCalendar(): WorkingCalendar {
  const require = createRequire(import.meta.url);
  const data = require('chinese-days/dist/chinese-days.json') as { holidays: Record<string, string>; workdays: Record<string, string> };
  const days: CalendarDayEntry[] = [
    ...Object.entries(data.holidays).map(([date, v]) => ({ date, kind: 'holiday' as const, name: v.split(',')[1] })),
    ...Object.entries(data.workdays).map(([date, v]) => ({ date, kind: 'workday' as const, name: v.split(',')[1] })),
  ];
  return buildCalendar(new Set(days.map((d) => Number(d.date.slice(0, 4)))), days);
}
