import { ColumnDef, flexRender, getCoreRowModel, useReactTable } from '@tanstack/react-table';
import { useVirtualizer } from '@tanstack/react-virtual';
import { useEffect, useMemo, useRef } from 'react';
import { Link, navigate } from '../shared/router';
import type { GridColumn } from './columns';
import type { ContactRow } from './use-contacts';

const ROW_HEIGHT = 36;

interface Props {
  rows: ContactRow[];
  columns: GridColumn[];
  hasMore: boolean;
  loadMore: () => void;
  busy: boolean;
  /** Row choice for bulk work (writers only): the chosen ids, or every row when "all matching" is chosen. */
  choice?: { chosen: (id: string) => boolean; all: boolean; toggle: (id: string, on: boolean) => void; toggleLoaded: (on: boolean) => void };
}

/** Only the rows in view are in the page, so a hundred thousand contacts scroll like a hundred. */
export function ContactsGrid({ rows, columns, hasMore, loadMore, busy, choice }: Props) {
  const scroller = useRef<HTMLDivElement>(null);
  const definitions = useMemo<ColumnDef<ContactRow>[]>(
    () => columns.map((c) => ({ id: c.id, header: c.label, accessorFn: c.value, cell: (info) => info.getValue<string>() })),
    [columns],
  );
  const table = useReactTable({ data: rows, columns: definitions, getCoreRowModel: getCoreRowModel(), getRowId: (row) => row.id });
  const virtualizer = useVirtualizer({ count: rows.length, getScrollElement: () => scroller.current, estimateSize: () => ROW_HEIGHT, overscan: 12 });
  const items = virtualizer.getVirtualItems();
  const lastVisible = items.length ? items[items.length - 1].index : 0;

  useEffect(() => {
    if (hasMore && !busy && lastVisible >= rows.length - 30) loadMore();
  }, [lastVisible, rows.length, hasMore, busy, loadMore]);

  const before = items.length ? items[0].start : 0;
  const after = items.length ? virtualizer.getTotalSize() - items[items.length - 1].end : 0;
  const tableRows = table.getRowModel().rows;
  return (
    <div className="grid-scroller" ref={scroller} tabIndex={0} aria-label="Contacts">
      <table className="grid" aria-rowcount={rows.length}>
        <thead>
          {table.getHeaderGroups().map((group) => (
            <tr key={group.id}>
              {choice && (
                <th scope="col" className="choice">
                  <input type="checkbox" aria-label="Select the loaded rows" checked={choice.all || (rows.length > 0 && rows.every((r) => choice.chosen(r.id)))}
                    disabled={choice.all} onChange={(e) => choice.toggleLoaded(e.target.checked)} />
                </th>
              )}
              {group.headers.map((header) => <th key={header.id} scope="col">{flexRender(header.column.columnDef.header, header.getContext())}</th>)}
            </tr>
          ))}
        </thead>
        <tbody>
          {before > 0 && <tr aria-hidden="true" style={{ height: before }} />}
          {items.map((item) => {
            const row = tableRows[item.index];
            return (
              <tr key={row.id} aria-rowindex={item.index + 2} style={{ height: ROW_HEIGHT }} className="grid-row" onClick={() => navigate(`/contacts/${row.id}`)}>
                {choice && (
                  <td className="choice" onClick={(e) => e.stopPropagation()}>
                    <input type="checkbox" aria-label={`Select ${rows[item.index].firstName ?? rows[item.index].phone ?? 'contact'}`} checked={choice.all || choice.chosen(row.id)}
                      disabled={choice.all} onChange={(e) => choice.toggle(row.id, e.target.checked)} />
                  </td>
                )}
                {row.getVisibleCells().map((cell, i) => (
                  <td key={cell.id}>
                    {i === 0 ? (
                      <Link to={`/contacts/${row.id}`}>{flexRender(cell.column.columnDef.cell, cell.getContext()) || '(no name)'}</Link>
                    ) : flexRender(cell.column.columnDef.cell, cell.getContext())}
                  </td>
                ))}
              </tr>
            );
          })}
          {after > 0 && <tr aria-hidden="true" style={{ height: after }} />}
        </tbody>
      </table>
      {rows.length === 0 && !busy && <p className="empty">No contacts match.</p>}
    </div>
  );
}
