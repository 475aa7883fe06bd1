import { Suspense } from 'react';
import { Route, Switch, useLocation } from 'wouter';
import { Guard } from './components/guard';
import { Layout } from './components/layout';
import { PageErrorBoundary } from './components/page-error-boundary';
import { Loading } from './components/status';
import { useDocumentTitle } from './lib/use-document-title';
import NotFound from './pages/not-found';
import { routes, type AppRoute } from './routes';

export function App() {
  const [location] = useLocation();
  return (
    <Layout>
      {/* Keyed by address: an error on one page does not stick to the next. */}
      <PageErrorBoundary key={location}>
        <Suspense fallback={<Loading />}>
          <Switch>
            {routes.map((route) => (
              <Route key={route.path} path={route.path}>
                <RoutePage route={route} />
              </Route>
            ))}
            <Route>
              <NotFound />
            </Route>
          </Switch>
        </Suspense>
      </PageErrorBoundary>
    </Layout>
  );
}

function RoutePage({ route }: { route: AppRoute }) {
  useDocumentTitle(route.title);
  const Page = route.page;
  return (
    <Guard access={route.access}>
      <Page />
    </Guard>
  );
}
