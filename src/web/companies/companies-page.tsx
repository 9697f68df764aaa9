import { Anchor, Button, Center, Group, Loader, Paper, Table } from '@mantine/core';
import { useInfiniteQuery } from '@tanstack/react-query';
import { Link, useSearchParams } from 'react-router-dom';

import { api } from '../api/client.js';
import type { Company, Page } from '../api/types.js';
import { ErrorAlert } from '../shared/error-alert.js';
import { PageHeader } from '../shared/page-header.js';
import { SearchBox } from '../shared/search-box.js';
import { useUserName } from '../shared/workspace-queries.js';

const PAGE_SIZE = 50;

function useCompanies(q: string) {
  return useInfiniteQuery({
    queryKey: ['companies', 'list', q],
    queryFn: ({ pageParam }) =>
      api.get<Page<Company>>('/companies', { limit: PAGE_SIZE, q, cursor: pageParam }),
    initialPageParam: '',
    getNextPageParam: (last) => last.nextCursor,
  });
}

const number = new Intl.NumberFormat(undefined, { notation: 'compact' });

function CompanyRow({ company, owner }: { company: Company; owner: string }) {
  return (
    <Table.Tr>
      <Table.Td>
        <Anchor component={Link} to={`/people?companyId=${company.id}`} fw={500}>
          {company.name}
        </Anchor>
      </Table.Td>
      <Table.Td>{company.domain ?? '—'}</Table.Td>
      <Table.Td>{company.industry ?? '—'}</Table.Td>
      <Table.Td>{company.employees === null ? '—' : number.format(company.employees)}</Table.Td>
      <Table.Td>
        {company.annualRevenue === null ? '—' : number.format(company.annualRevenue)}
      </Table.Td>
      <Table.Td>{[company.region, company.country].filter(Boolean).join(' · ') || '—'}</Table.Td>
      <Table.Td>{owner}</Table.Td>
    </Table.Tr>
  );
}

/** The accounts of the workspace; a company's name opens its people. */
export function CompaniesPage() {
  const [params, setParams] = useSearchParams();
  const q = params.get('q')?.trim() ?? '';
  const companies = useCompanies(q);
  const userName = useUserName();
  const rows = companies.data?.pages.flatMap((page) => page.data) ?? [];

  return (
    <>
      <PageHeader title="Companies" subtitle="Accounts; open one to see its people" />
      <Group mb="md">
        <SearchBox
          label="Search companies"
          placeholder="Search name or domain"
          value={q}
          onSearch={(text) => setParams(text.trim() ? { q: text.trim() } : {}, { replace: true })}
        />
      </Group>
      {companies.isError && <ErrorAlert error={companies.error} mb="md" />}
      <Paper withBorder radius="md">
        <Table.ScrollContainer minWidth={800}>
          <Table striped highlightOnHover aria-label="Companies">
            <Table.Thead>
              <Table.Tr>
                <Table.Th>Name</Table.Th>
                <Table.Th>Domain</Table.Th>
                <Table.Th>Industry</Table.Th>
                <Table.Th>Employees</Table.Th>
                <Table.Th>Revenue</Table.Th>
                <Table.Th>Region</Table.Th>
                <Table.Th>Owner</Table.Th>
              </Table.Tr>
            </Table.Thead>
            <Table.Tbody>
              {rows.map((company) => (
                <CompanyRow key={company.id} company={company} owner={userName(company.ownerId)} />
              ))}
            </Table.Tbody>
          </Table>
        </Table.ScrollContainer>
      </Paper>
      <Center mt="md">
        {companies.isPending && <Loader size="sm" />}
        {companies.hasNextPage && (
          <Button
            variant="default"
            onClick={() => void companies.fetchNextPage()}
            loading={companies.isFetchingNextPage}
          >
            Load more
          </Button>
        )}
      </Center>
    </>
  );
}
