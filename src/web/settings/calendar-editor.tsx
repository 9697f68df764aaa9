import { Alert, Button, Divider, Group, Select, Stack, Text, Title } from '@mantine/core';
import { useMemo, useState } from 'react';

import { ApiError, fieldError } from '../api/api-error.js';
import type { Team, TeamCalendar } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { calendarIssues, normalizeCalendar, weeklyMinutes } from './calendar-edit.js';
import { HolidaysEditor } from './holidays-editor.js';
import { useUpdateTeam } from './teams-queries.js';
import { WeeklyHoursEditor } from './weekly-hours-editor.js';

const TIME_ZONES = Intl.supportedValuesOf('timeZone');

/** The team's time zone, weekly hours and holidays; saved together. */
export function CalendarEditor({ team, readOnly }: { team: Team; readOnly: boolean }) {
  const update = useUpdateTeam(team.id);
  const [calendar, setCalendar] = useState<TeamCalendar>(() => normalizeCalendar(team.calendar));
  const issues = useMemo(() => calendarIssues(calendar), [calendar]);
  const zones = useMemo(
    () =>
      TIME_ZONES.includes(calendar.timeZone) ? TIME_ZONES : [calendar.timeZone, ...TIME_ZONES],
    [calendar.timeZone],
  );

  const errorOf = (field: string) =>
    issues.find((issue) => issue.field === field)?.message ??
    (update.error instanceof ApiError && update.error.field === field
      ? update.error.message
      : undefined);
  const serverErrorShown =
    update.error instanceof ApiError &&
    update.error.field !== undefined &&
    /^calendar\.(timeZone|weeklyHours\.\w+\.\d+\.(start|end))$/.test(update.error.field);

  return (
    <Stack>
      <Group justify="space-between">
        <Title order={4}>Working hours</Title>
        <Text size="sm" c="dimmed">
          {Math.round(weeklyMinutes(calendar) / 6) / 10} hours a week
        </Text>
      </Group>
      <Select
        label="Time zone"
        data={zones}
        value={calendar.timeZone}
        onChange={(timeZone) => timeZone && setCalendar({ ...calendar, timeZone })}
        error={errorOf('calendar.timeZone')}
        readOnly={readOnly}
        searchable
        allowDeselect={false}
        w={300}
      />
      <WeeklyHoursEditor
        calendar={calendar}
        onChange={setCalendar}
        errorOf={errorOf}
        readOnly={readOnly}
      />
      <Divider label="Holidays" labelPosition="left" />
      <HolidaysEditor
        calendar={calendar}
        onChange={setCalendar}
        error={fieldError(update.error, 'calendar.holidays')}
        readOnly={readOnly}
      />
      {update.error && !serverErrorShown && !fieldError(update.error, 'calendar.holidays') && (
        <ErrorAlert error={update.error} />
      )}
      {update.isSuccess && !update.isPending && <Alert color="teal">Calendar saved.</Alert>}
      {!readOnly && (
        <Group>
          <Button
            onClick={() => update.mutate({ calendar })}
            disabled={issues.length > 0}
            loading={update.isPending}
          >
            Save calendar
          </Button>
        </Group>
      )}
    </Stack>
  );
}
