import {
  ActionIcon,
  Button,
  Group,
  NumberInput,
  Select,
  Stack,
  Table,
  Text,
  TextInput,
} from '@mantine/core';
import { IconTrash } from '@tabler/icons-react';
import { useState } from 'react';

import { fieldError } from '../api/api-error.js';
import { AVAILABILITIES, type Availability, type Team, type TeamMember } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { humanize } from '../shared/format.js';
import { useUsers } from '../shared/workspace-queries.js';
import { useRemoveMember, useSetMember, type Membership } from './teams-queries.js';

const AVAILABILITY_OPTIONS = AVAILABILITIES.map((value) => ({ value, label: humanize(value) }));
const DEFAULT_CAPACITY = 20;

/** The API takes a time; the form a day: back at the start of that day (UTC). */
function awayUntilOf(day: string | null): string | null {
  return day ? `${day}T00:00:00.000Z` : null;
}

function isAvailability(value: string | null): value is Availability {
  return (AVAILABILITIES as readonly string[]).includes(value ?? '');
}

function MemberRow({
  teamId,
  member,
  readOnly,
}: {
  teamId: string;
  member: TeamMember;
  readOnly: boolean;
}) {
  const save = useSetMember(teamId);
  const remove = useRemoveMember(teamId);
  const [draft, setDraft] = useState<Membership>({
    capacity: member.capacity,
    availability: member.availability,
    awayUntil: member.awayUntil ? member.awayUntil.slice(0, 10) : null,
  });
  const changed =
    draft.capacity !== member.capacity ||
    draft.availability !== member.availability ||
    draft.awayUntil !== (member.awayUntil?.slice(0, 10) ?? null);
  const error = save.error ?? remove.error;

  return (
    <Table.Tr>
      <Table.Td>
        <Text size="sm">{member.name}</Text>
        <Text size="xs" c="dimmed">
          {member.email}
        </Text>
      </Table.Td>
      <Table.Td>
        <NumberInput
          aria-label={`Capacity of ${member.name}`}
          value={draft.capacity}
          min={0}
          max={10000}
          onChange={(value) =>
            setDraft({ ...draft, capacity: typeof value === 'number' ? value : 0 })
          }
          error={fieldError(save.error, 'capacity')}
          readOnly={readOnly}
          w={100}
          size="xs"
        />
      </Table.Td>
      <Table.Td>
        <Select
          aria-label={`Availability of ${member.name}`}
          data={AVAILABILITY_OPTIONS}
          value={draft.availability}
          onChange={(value) =>
            isAvailability(value) &&
            setDraft({
              ...draft,
              availability: value,
              awayUntil: value === 'available' ? null : draft.awayUntil,
            })
          }
          error={fieldError(save.error, 'availability')}
          readOnly={readOnly}
          allowDeselect={false}
          w={150}
          size="xs"
        />
      </Table.Td>
      <Table.Td>
        <TextInput
          type="date"
          aria-label={`Away until for ${member.name}`}
          value={draft.awayUntil ?? ''}
          onChange={(e) => setDraft({ ...draft, awayUntil: e.currentTarget.value || null })}
          disabled={draft.availability === 'available'}
          error={fieldError(save.error, 'awayUntil')}
          readOnly={readOnly}
          w={150}
          size="xs"
        />
      </Table.Td>
      <Table.Td>
        {!readOnly && (
          <Group gap={4} wrap="nowrap">
            <Button
              size="xs"
              variant="light"
              disabled={!changed}
              loading={save.isPending}
              onClick={() =>
                save.mutate({
                  userId: member.userId,
                  ...draft,
                  awayUntil: awayUntilOf(draft.awayUntil),
                })
              }
            >
              Save
            </Button>
            <ActionIcon
              variant="subtle"
              color="red"
              loading={remove.isPending}
              onClick={() => remove.mutate(member.userId)}
              aria-label={`Remove ${member.name} from team`}
            >
              <IconTrash size={16} />
            </ActionIcon>
          </Group>
        )}
        {error &&
          !fieldError(error, 'capacity') &&
          !fieldError(error, 'availability') &&
          !fieldError(error, 'awayUntil') && (
            <Text size="xs" c="red">
              {error.message}
            </Text>
          )}
      </Table.Td>
    </Table.Tr>
  );
}

function AddMember({ team }: { team: Team }) {
  const users = useUsers();
  const add = useSetMember(team.id);
  const [userId, setUserId] = useState<string | null>(null);
  const members = new Set(team.members.map((m) => m.userId));
  const candidates = (users.data?.data ?? []).filter((u) => !members.has(u.id));

  const submit = () => {
    if (!userId) return;
    add.mutate(
      { userId, capacity: DEFAULT_CAPACITY, availability: 'available', awayUntil: null },
      { onSuccess: () => setUserId(null) },
    );
  };

  return (
    <Stack gap="xs">
      <Group gap="sm">
        <Select
          aria-label="User to add"
          placeholder="Add a member"
          data={candidates.map((u) => ({ value: u.id, label: u.name }))}
          value={userId}
          onChange={setUserId}
          searchable
          w={260}
        />
        <Button variant="default" onClick={submit} disabled={!userId} loading={add.isPending}>
          Add to team
        </Button>
      </Group>
      {add.error && <ErrorAlert error={add.error} />}
    </Stack>
  );
}

/** Who is on the team, how many open leads each can take, and who is away. */
export function TeamMembers({ team, readOnly }: { team: Team; readOnly: boolean }) {
  return (
    <Stack>
      {team.members.length === 0 ? (
        <Text size="sm" c="dimmed">
          Nobody on this team yet.
        </Text>
      ) : (
        <Table aria-label="Members" verticalSpacing="xs">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Member</Table.Th>
              <Table.Th>Capacity</Table.Th>
              <Table.Th>Availability</Table.Th>
              <Table.Th>Away until</Table.Th>
              <Table.Th />
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {team.members.map((member) => (
              <MemberRow
                key={`${member.userId}-${member.capacity}-${member.availability}-${member.awayUntil ?? ''}`}
                teamId={team.id}
                member={member}
                readOnly={readOnly}
              />
            ))}
          </Table.Tbody>
        </Table>
      )}
      {!readOnly && <AddMember team={team} />}
    </Stack>
  );
}
