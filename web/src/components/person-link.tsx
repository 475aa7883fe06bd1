import { Link } from 'wouter';
import { withQuery } from '../lib/query';

/**
 * A person (or something of theirs, `children`) linked to their account in the admin users list,
 * found by email; an erased account has none left, and is not linked.
 */
export function PersonLink({ person, children = person.name }: { person: { name: string; email: string | null }; children?: string }) {
  return person.email ? <Link href={withQuery('/admin/users', { search: person.email })}>{children}</Link> : <>{children}</>;
}
