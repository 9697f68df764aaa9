import { Button, Group, Text } from '@mantine/core';

export interface PagerProps {
  /** 1 for the first page; `null` when the page was opened by a link with a cursor. */
  readonly page: number | null;
  readonly shown: number;
  readonly hasPrevious: boolean;
  readonly nextCursor: string | null;
  readonly onFirst: () => void;
  readonly onPrevious: () => void;
  readonly onNext: (cursor: string) => void;
}

/** Cursor pagination: the server says whether there is a next page, the trail knows the last. */
export function Pager(props: PagerProps) {
  const { page, shown, nextCursor } = props;

  return (
    <Group justify="space-between" mt="md">
      <Text size="sm" c="dimmed">
        {page === null ? `${shown} shown` : `Page ${page} · ${shown} shown`}
      </Text>
      <Group gap="xs">
        <Button variant="default" size="xs" onClick={props.onFirst} disabled={page === 1}>
          First
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={props.onPrevious}
          disabled={!props.hasPrevious}
        >
          Previous
        </Button>
        <Button
          variant="default"
          size="xs"
          onClick={() => nextCursor && props.onNext(nextCursor)}
          disabled={!nextCursor}
        >
          Next
        </Button>
      </Group>
    </Group>
  );
}
