// The UI's data layer: every read of the back end goes through one query
// cache (TanStack Query). The back end announces every change of stored
// data ("data-changed": an edit here, a sync, an import, a bundle), and the
// cache then refetches what is on screen; nothing is polled.
import { QueryClient, useQuery, type QueryKey } from "@tanstack/react-query";
import { errorMessage } from "./api";

export const queryClient = new QueryClient({
  defaultOptions: {
    queries: {
      // Answers stay fresh until the back end says data changed.
      staleTime: Infinity,
      // A failed command is a real answer (a validation or storage error), not a flaky link.
      retry: false,
      refetchOnWindowFocus: false,
    },
  },
});

/** Marks every cached answer stale; what is on screen is fetched again. */
export function dataChanged(): Promise<void> {
  return queryClient.invalidateQueries();
}

/** One command's answer, cached under `key`, with its error as a message in the UI's language. */
export function useCommand<T>(key: QueryKey, run: () => Promise<T>, enabled = true) {
  const q = useQuery({ queryKey: key, queryFn: run, enabled });
  return { data: q.data, error: q.error ? errorMessage(q.error) : "", loading: q.isPending, refetch: q.refetch };
}
