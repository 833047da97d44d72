import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { ApiProblem } from './api/client';
import { App } from './app';
import './shared/styles.css';

const queries = new QueryClient({
  // A refusal (4xx) is an answer, not a hiccup: only failures of the server side are retried.
  defaultOptions: { queries: { staleTime: 15_000, retry: (count, error) => count < 2 && !(error instanceof ApiProblem && error.status < 500) } },
});

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <QueryClientProvider client={queries}>
      <App />
    </QueryClientProvider>
  </StrictMode>,
);
