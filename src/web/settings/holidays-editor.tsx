import { Button, Group, Pill, Text, TextInput } from '@mantine/core';
import { useState } from 'react';

import type { TeamCalendar } from '../api/types.js';
import { addHoliday, removeHoliday } from './calendar-edit.js';

export interface HolidaysProps {
  readonly calendar: TeamCalendar;
  readonly onChange: (calendar: TeamCalendar) => void;
  readonly error: string | undefined;
  readonly readOnly: boolean;
}

/** Days off for the whole team: no working time, no SLA clock ticking. */
export function HolidaysEditor({ calendar, onChange, error, readOnly }: HolidaysProps) {
  const [date, setDate] = useState('');
  const add = () => {
    onChange(addHoliday(calendar, date));
    setDate('');
  };

  return (
    <div>
      {!readOnly && (
        <Group gap="xs" align="flex-start" mb="sm">
          <TextInput
            type="date"
            aria-label="Holiday"
            value={date}
            onChange={(e) => setDate(e.currentTarget.value)}
            error={error}
            w={180}
          />
          <Button variant="default" onClick={add} disabled={!date}>
            Add holiday
          </Button>
        </Group>
      )}
      {calendar.holidays.length === 0 ? (
        <Text size="sm" c="dimmed">
          No holidays.
        </Text>
      ) : (
        <Group gap={6}>
          {calendar.holidays.map((day) => (
            <Pill
              key={day}
              withRemoveButton={!readOnly}
              onRemove={() => onChange(removeHoliday(calendar, day))}
            >
              {day}
            </Pill>
          ))}
        </Group>
      )}
    </div>
  );
}
