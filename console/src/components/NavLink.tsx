import type { ReactNode } from 'react';
import { Link, useRoute } from 'wouter';

export function NavLink(props: { href: string; children: ReactNode }) {
  const [active] = useRoute(`${props.href}/*?`);
  return (
    <li>
      <Link href={props.href} aria-current={active ? 'page' : undefined}>
        {props.children}
      </Link>
    </li>
  );
}
