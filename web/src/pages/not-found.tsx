import { Link } from 'wouter';
import { useDocumentTitle } from '../lib/use-document-title';

export default function NotFound() {
  useDocumentTitle('Page not found');
  return (
    <section>
      <h1>Page not found</h1>
      <p>
        There is no page at this address. Check it, or go to the <Link href="/">start page</Link>.
      </p>
    </section>
  );
}
