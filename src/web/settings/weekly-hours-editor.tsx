import { ActionIcon, Button, Group, Stack, Text, TextInput } from '@mantine/core';
import { IconPlus, IconX } from '@tabler/icons-react';

import { WEEKDAYS, type TeamCalendar, type Weekday } from '../api/types.js';
import { addRange, removeRange, setRange } from './calendar-edit.js';

const DAY_NAMES: Record<Weekday, string> = {
  mon: 'Monday',
  tue: 'Tuesday',
  wed: 'Wednesday',
  thu: 'Thursday',
  fri: 'Friday',
  sat: 'Saturday',
  sun: 'Sunday',
};

export interface WeeklyHoursProps {
  readonly calendar: TeamCalendar;
  readonly onChange: (calendar: TeamCalendar) => void;
  /** The message for a field path such as `calendar.weeklyHours.mon.0.end`, if any. */
  readonly errorOf: (field: string) => string | undefined;
  readonly readOnly: boolean;
}

function DayRow({ day, ...props }: WeeklyHoursProps & { day: Weekday }) {
  const { calendar, onChange, errorOf, readOnly } = props;
  const ranges = calendar.weeklyHours[day];

  return (
    <Group align="flex-start" gap="sm" wrap="nowrap">
      <Text w={100} pt={6} size="sm" fw={500}>
        {DAY_NAMES[day]}
      </Text>
      <Stack gap={6} style={{ flex: 1 }}>
        {ranges.length === 0 && (
          <Text size="sm" c="dimmed" pt={6}>
            Not working
          </Text>
        )}
        {ranges.map((range, index) => {
          const field = `calendar.weeklyHours.${day}.${index}`;

          return (
            <Group key={index} gap="xs" align="flex-start">
              <TextInput
                placeholder="HH:MM"
                maxLength={5}
                aria-label={`${DAY_NAMES[day]} range ${index + 1} start`}
                value={range.start}
                onChange={(e) =>
                  onChange(
                    setRange(calendar, day, index, { ...range, start: e.currentTarget.value }),
                  )
                }
                error={errorOf(`${field}.start`)}
                readOnly={readOnly}
                w={120}
              />
              <Text pt={6}>–</Text>
              <TextInput
                placeholder="HH:MM"
                maxLength={5}
                aria-label={`${DAY_NAMES[day]} range ${index + 1} end`}
                value={range.end}
                onChange={(e) =>
                  onChange(setRange(calendar, day, index, { ...range, end: e.currentTarget.value }))
                }
                error={errorOf(`${field}.end`)}
                readOnly={readOnly}
                w={120}
              />
              {!readOnly && (
                <ActionIcon
                  variant="subtle"
                  color="gray"
                  mt={4}
                  onClick={() => onChange(removeRange(calendar, day, index))}
                  aria-label="Remove range"
                >
                  <IconX size={14} />
                </ActionIcon>
              )}
            </Group>
          );
        })}
      </Stack>
      {!readOnly && (
        <Button
          variant="subtle"
          size="xs"
          leftSection={<IconPlus size={14} />}
          onClick={() => onChange(addRange(calendar, day))}
        >
          Hours
        </Button>
      )}
    </Group>
  );
}

/** Working hours per weekday, any number of ranges a day. */
export function WeeklyHoursEditor(props: WeeklyHoursProps) {
  return (
    <Stack gap="xs">
      {WEEKDAYS.map((day) => (
        <DayRow key={day} day={day} {...props} />
      ))}
    </Stack>
  );
}
