import '@mantine/charts/styles.css';

import { LineChart } from '@mantine/charts';
import {
  Badge,
  Card,
  Group,
  List,
  Loader,
  SimpleGrid,
  Stack,
  Table,
  Tabs,
  Text,
  ThemeIcon,
  Title,
} from '@mantine/core';
import { IconCheck, IconX } from '@tabler/icons-react';
import type { ReactNode } from 'react';

import { ErrorAlert } from '../shared/error-alert.js';
import { formatDateTime } from '../shared/format.js';
import { usePersonScore, useScoreHistory } from './score-queries.js';
import type { PersonScore, ScoreHistoryEntry, Verdict } from './score-types.js';
import { causeText, eventText, historyPoints, signed, skippedSummary } from './score-view.js';

const GRADE_COLORS: Record<string, string> = { A: 'teal', B: 'blue', C: 'yellow', D: 'gray' };

function Figure({ label, children }: { label: string; children: ReactNode }) {
  return (
    <div>
      <Text size="xs" c="dimmed" tt="uppercase" fw={600}>
        {label}
      </Text>
      {children}
    </div>
  );
}

function VerdictBlock({ name, verdict }: { name: string; verdict: Verdict }) {
  return (
    <Stack gap={4} aria-label={`${name} verdict`}>
      <Group gap={6}>
        <Text fw={600} size="sm">
          {name}
        </Text>
        <Badge color={verdict.met ? 'teal' : 'gray'} variant="light" tt="none">
          {verdict.met ? 'criteria met' : 'not met'}
        </Badge>
      </Group>
      <List spacing={2} size="sm" center>
        {verdict.reasons.map((reason, i) => (
          <List.Item
            key={i}
            icon={
              <ThemeIcon size={16} radius="xl" color={reason.met ? 'teal' : 'red'} variant="light">
                {reason.met ? <IconCheck size={10} /> : <IconX size={10} />}
              </ThemeIcon>
            }
          >
            {reason.text}
          </List.Item>
        ))}
      </List>
    </Stack>
  );
}

function FitExplanation({ score }: { score: PersonScore }) {
  const rules = score.explanation.fit.rules;
  if (rules.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No fit rule applies: 0 fit points.
      </Text>
    );

  return (
    <Table aria-label="Fit points" verticalSpacing={4}>
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Rule</Table.Th>
          <Table.Th>Because</Table.Th>
          <Table.Th ta="right">Points</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {rules.map((rule) => (
          <Table.Tr key={rule.ruleId}>
            <Table.Td>{rule.label}</Table.Td>
            <Table.Td c="dimmed">{rule.because}</Table.Td>
            <Table.Td ta="right">{signed(rule.points)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}

function EngagementExplanation({ score }: { score: PersonScore }) {
  const { rules, skipped, capped } = score.explanation.engagement;
  const labels = new Map(rules.map((r) => [r.ruleId, r.label]));
  const overCap = skippedSummary(skipped, labels);
  if (rules.length === 0) {
    return (
      <Text size="sm" c="dimmed">
        No event counts yet: engagement 0.
      </Text>
    );
  }

  return (
    <Stack gap="xs">
      <Table.ScrollContainer minWidth={520} mah={320}>
        <Table aria-label="Engagement points" verticalSpacing={4} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>Rule</Table.Th>
              <Table.Th>Event</Table.Th>
              <Table.Th>When</Table.Th>
              <Table.Th ta="right">Points</Table.Th>
              <Table.Th ta="right">Now</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rules.map((rule) => (
              <Table.Tr key={`${rule.ruleId}-${rule.event.id}`}>
                <Table.Td>{rule.label}</Table.Td>
                <Table.Td>{eventText(rule.event)}</Table.Td>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>
                  {formatDateTime(rule.event.at)}
                </Table.Td>
                <Table.Td ta="right">{signed(rule.points)}</Table.Td>
                <Table.Td ta="right" fw={500}>
                  {rule.decayed}
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
      {overCap.length > 0 && (
        <Text size="xs" c="dimmed">
          Over a rule's cap, not counted: {overCap.join(', ')}.
        </Text>
      )}
      {capped && (
        <Text size="xs" c="dimmed">
          The points add up to more than the model's engagement cap; the score is the cap.
        </Text>
      )}
    </Stack>
  );
}

function HistoryView({ entries }: { entries: readonly ScoreHistoryEntry[] }) {
  if (entries.length === 0)
    return (
      <Text size="sm" c="dimmed">
        No score changes recorded yet.
      </Text>
    );

  const points = historyPoints(entries);

  return (
    <Stack gap="sm">
      {points.length > 1 && (
        <LineChart
          h={180}
          data={points}
          dataKey="label"
          series={[
            { name: 'engagement', label: 'Engagement', color: 'indigo.6' },
            { name: 'fit', label: 'Fit points', color: 'teal.6' },
          ]}
          curveType="stepAfter"
          withLegend
          withDots={points.length < 40}
          aria-label="Score history chart"
        />
      )}
      <Table.ScrollContainer minWidth={520} mah={260}>
        <Table aria-label="Score history" verticalSpacing={4} stickyHeader>
          <Table.Thead>
            <Table.Tr>
              <Table.Th>When</Table.Th>
              <Table.Th>Grade</Table.Th>
              <Table.Th ta="right">Fit</Table.Th>
              <Table.Th ta="right">Engagement</Table.Th>
              <Table.Th>Model version</Table.Th>
              <Table.Th>After</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {entries.map((entry) => (
              <Table.Tr key={entry.id}>
                <Table.Td style={{ whiteSpace: 'nowrap' }}>{formatDateTime(entry.at)}</Table.Td>
                <Table.Td>{entry.grade}</Table.Td>
                <Table.Td ta="right">{entry.fitPoints}</Table.Td>
                <Table.Td ta="right">{entry.engagement}</Table.Td>
                <Table.Td>
                  {entry.modelName} v{entry.version}
                </Table.Td>
                <Table.Td c="dimmed">{causeText(entry.cause)}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      </Table.ScrollContainer>
    </Stack>
  );
}

function ScoreSummary({ score }: { score: PersonScore }) {
  return (
    <Stack gap="md">
      <Group gap="xl" align="flex-start">
        <Figure label="Grade">
          <Badge size="xl" color={GRADE_COLORS[score.grade] ?? 'gray'} data-testid="score-grade">
            {score.grade}
          </Badge>
        </Figure>
        <Figure label="Fit points">
          <Text size="xl" fw={700}>
            {score.fitPoints}
          </Text>
        </Figure>
        <Figure label="Engagement">
          <Text size="xl" fw={700}>
            {score.engagement}
          </Text>
        </Figure>
        <Figure label="Model">
          <Text size="sm" mt={6}>
            {score.modelName} v{score.version}
          </Text>
          <Text size="xs" c="dimmed">
            {score.stored
              ? `scored ${formatDateTime(score.scoredAt)}`
              : 'computed now, not stored yet'}
          </Text>
        </Figure>
      </Group>
      <SimpleGrid cols={{ base: 1, sm: 2 }}>
        <VerdictBlock name="MQL" verdict={score.explanation.mql} />
        <VerdictBlock name="SQL" verdict={score.explanation.sql} />
      </SimpleGrid>
    </Stack>
  );
}

/** The person's score: grade, fit, engagement, MQL/SQL with reasons, each point explained. */
export function PersonScorePanel({ personId }: { personId: string }) {
  const score = usePersonScore(personId);
  const history = useScoreHistory(personId);

  return (
    <Card withBorder radius="md" aria-label="Score">
      <Title order={4} mb="sm">
        Score
      </Title>
      {score.isPending && <Loader size="sm" />}
      {score.isError && <ErrorAlert error={score.error} />}
      {score.data && score.data.data.length === 0 && (
        <Text c="dimmed" size="sm">
          No published scoring model applies to this person.
        </Text>
      )}
      {score.data?.data.map((one) => (
        <Stack key={one.modelId} gap="md">
          <ScoreSummary score={one} />
          <Tabs defaultValue="engagement">
            <Tabs.List>
              <Tabs.Tab value="engagement">Engagement points</Tabs.Tab>
              <Tabs.Tab value="fit">Fit points</Tabs.Tab>
              <Tabs.Tab value="history">History</Tabs.Tab>
            </Tabs.List>
            <Tabs.Panel value="engagement" pt="sm">
              <EngagementExplanation score={one} />
            </Tabs.Panel>
            <Tabs.Panel value="fit" pt="sm">
              <FitExplanation score={one} />
            </Tabs.Panel>
            <Tabs.Panel value="history" pt="sm">
              {history.isPending && <Loader size="sm" />}
              {history.isError && <ErrorAlert error={history.error} />}
              {history.data && (
                <HistoryView entries={history.data.data.filter((e) => e.modelId === one.modelId)} />
              )}
            </Tabs.Panel>
          </Tabs>
        </Stack>
      ))}
    </Card>
  );
}
