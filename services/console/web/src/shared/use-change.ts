import { QueryKey, useMutation, useQueryClient } from '@tanstack/react-query';
import { Api, useSession } from '../api/client';

/** A change through the API that settles once what it touched (`readAgain`) has been read again. */
export function useChange<T, R>(run: (api: Api, input: T) => Promise<R>, readAgain: QueryKey[]) {
  const { api } = useSession();
  const queries = useQueryClient();
  return useMutation({
    mutationFn: (input: T) => run(api, input),
    onSuccess: () => Promise.all(readAgain.map((queryKey) => queries.invalidateQueries({ queryKey }))),
  });
}
