import { NavLink } from '@mantine/core';
import { NavLink as RouterLink, useLocation } from 'react-router-dom';

import { AREAS } from './areas.js';

export function NavBar({ onNavigate }: { onNavigate: () => void }) {
  const { pathname } = useLocation();

  return (
    <nav aria-label="Main">
      {AREAS.map((area) => {
        const Icon = area.icon;
        const active = pathname === area.path || pathname.startsWith(`${area.path}/`);

        return (
          <NavLink
            key={area.path}
            component={RouterLink}
            to={area.path}
            label={area.label}
            leftSection={<Icon size={18} stroke={1.6} />}
            active={active}
            onClick={onNavigate}
            c={area.comingWith === null ? undefined : 'dimmed'}
          />
        );
      })}
    </nav>
  );
}
