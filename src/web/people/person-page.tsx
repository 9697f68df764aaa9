import { Anchor, Card, Grid, Group, Loader, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import type { ReactNode } from 'react';
import { Link, useParams } from 'react-router-dom';

import type { Person } from '../api/types.js';
import { canManage, useCurrentSession } from '../auth/session.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { formatDateTime } from '../shared/format.js';
import { useUserName } from '../shared/workspace-queries.js';
import { PersonAssignment } from './person-assignment.js';
import { PersonScorePanel } from './person-score-panel.js';
import { PersonTimeline } from './person-timeline.js';
import { usePerson, usePersonTimeline } from './people-queries.js';
import { StageBadge } from './stage-badge.js';
import { TraitsTable } from './traits-table.js';

function Fact({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      <Text size="sm">{children}</Text>
    </div>
  );
}

function Facts({ person }: { person: Person }) {
  const userName = useUserName();

  return (
    <SimpleGrid cols={{ base: 2, md: 4 }} spacing="md">
      <Fact label="E-mail">{person.email ?? '—'}</Fact>
      <Fact label="Company">
        {person.company ? (
          <Anchor component={Link} to={`/people?companyId=${person.company.id}`}>
            {person.company.name}
          </Anchor>
        ) : (
          '—'
        )}
      </Fact>
      <Fact label="Stage">
        <StageBadge stage={person.lifecycleStage} />
      </Fact>
      <Fact label="Owner">{userName(person.ownerId)}</Fact>
      <Fact label="Phone">{person.phone ?? '—'}</Fact>
      <Fact label="User id">{person.userId ?? '—'}</Fact>
      <Fact label="Source">{person.source ?? '—'}</Fact>
      <Fact label="Created">{formatDateTime(person.createdAt)}</Fact>
    </SimpleGrid>
  );
}

function TimelineCard({ id }: { id: string }) {
  const timeline = usePersonTimeline(id);

  return (
    <Card withBorder radius="md">
      <Title order={4} mb="md">
        Timeline
      </Title>
      {timeline.isPending && <Loader size="sm" />}
      {timeline.isError && <ErrorAlert error={timeline.error} />}
      {timeline.data && <PersonTimeline items={timeline.data.data} />}
    </Card>
  );
}

export function PersonPage() {
  const { id = '' } = useParams();
  const person = usePerson(id);
  const session = useCurrentSession();

  if (person.isPending) return <Loader />;
  if (person.isError) return <ErrorAlert error={person.error} />;

  const p = person.data;

  return (
    <Stack>
      <Anchor component={Link} to="/people" size="sm">
        ← People
      </Anchor>
      <Group justify="space-between" align="flex-end">
        <div>
          <Title order={2}>{p.name}</Title>
          <Text c="dimmed">{[p.title, p.company?.name].filter(Boolean).join(' at ') || ' '}</Text>
        </div>
      </Group>
      <Card withBorder radius="md">
        <Facts person={p} />
      </Card>
      <PersonScorePanel personId={p.id} />
      <Grid>
        <Grid.Col span={{ base: 12, md: 7 }}>
          <TimelineCard id={p.id} />
        </Grid.Col>
        <Grid.Col span={{ base: 12, md: 5 }}>
          <Stack>
            <Card withBorder radius="md">
              <Title order={4} mb="sm">
                Traits
              </Title>
              <TraitsTable traits={p.traits} />
            </Card>
            {canManage(session, 'people') && (
              <Card withBorder radius="md">
                <Title order={4} mb="sm">
                  Stage and owner
                </Title>
                <PersonAssignment key={p.updatedAt} person={p} />
              </Card>
            )}
          </Stack>
        </Grid.Col>
      </Grid>
    </Stack>
  );
}
