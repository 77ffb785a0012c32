/** The public surface of the calendar context: what other contexts may import. */
export { CalendarDay, CalendarYear } from './calendar.entity.js';
export { CalendarModule } from './calendar.module.js';
export { CALENDAR_WARN_DAYS, CalendarService } from './calendar.service.js';
export { LoadCalendarYearDto } from './dto/calendar.dto.js';
export { addCalendarDays, buildCalendar, calendarYearProblems, isCovered, isWorkingDay } from './working-calendar.js';
export type { WorkingCalendar } from './working-calendar.js';
