import { EmptyState, Loader, Paper } from '@mantine/core';
import { IconUsers } from '@tabler/icons-react';
import { useLocation, useNavigate } from 'react-router-dom';

import { ErrorAlert } from '../shared/error-alert.js';
import { PageHeader } from '../shared/page-header.js';
import {
  hasFilters,
  readListState,
  toggleSort,
  withFilter,
  writeListState,
  type PeopleListState,
} from './list-state.js';
import { Pager } from './pager.js';
import { PeopleFilters } from './people-filters.js';
import { usePeoplePage } from './people-queries.js';
import { PeopleTable } from './people-table.js';

function NoPeople({ filtered }: { filtered: boolean }) {
  const [title, description] = filtered
    ? ['Nobody matches', 'Try fewer filters or another search.']
    : ['No people yet', 'People arrive through the API, imports and tracked events.'];

  return (
    <EmptyState my="xl" title={title} description={description} icon={<IconUsers size={28} />} />
  );
}

/** The cursors of the pages before this one, kept in the history entry for "Previous". */
interface Trail {
  readonly trail?: readonly string[];
}

function useListNavigation() {
  const location = useLocation();
  const navigate = useNavigate();
  const state = readListState(new URLSearchParams(location.search));
  const trail = (location.state as Trail | null)?.trail ?? [];

  const go = (next: PeopleListState, nextTrail: readonly string[], replace: boolean) => {
    const search = writeListState(next).toString();
    void navigate({ search: search ? `?${search}` : '' }, { replace, state: { trail: nextTrail } });
  };

  return { state, trail, go };
}

export function PeopleListPage() {
  const { state, trail, go } = useListNavigation();
  const page = usePeoplePage(state);
  const people = page.data?.data ?? [];

  return (
    <>
      <PageHeader
        title="People"
        subtitle="Leads and contacts of this workspace"
        actions={page.isFetching ? <Loader size="sm" /> : null}
      />
      <PeopleFilters
        state={state}
        onFilter={(name, value) => go(withFilter(state, name, value), [], name === 'q')}
        onClear={() =>
          go({ ...state, q: '', stage: '', ownerId: '', companyId: '', cursor: '' }, [], false)
        }
      />
      {page.isError && <ErrorAlert error={page.error} mb="md" />}
      <Paper withBorder radius="md" data-testid="people-list" aria-busy={page.isPlaceholderData}>
        <PeopleTable
          people={people}
          sort={state.sort}
          onSort={(f) => go(toggleSort(state, f), [], false)}
        />
        {page.isSuccess && people.length === 0 && <NoPeople filtered={hasFilters(state)} />}
      </Paper>
      <Pager
        page={state.cursor && trail.length === 0 ? null : trail.length + 1}
        shown={people.length}
        hasPrevious={trail.length > 0}
        nextCursor={page.data?.nextCursor ?? null}
        onFirst={() => go({ ...state, cursor: '' }, [], false)}
        onPrevious={() => go({ ...state, cursor: trail.at(-1) ?? '' }, trail.slice(0, -1), false)}
        onNext={(cursor) => go({ ...state, cursor }, [...trail, state.cursor], false)}
      />
    </>
  );
}
