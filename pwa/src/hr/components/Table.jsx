// The console's one table: a scrolling wrapper, an optional header row of plain
// column titles, and the rows the screen renders. With a `label` the wrapper is a named
// region that takes keyboard focus, so a table wider than the screen scrolls by keyboard too.

export function Table({ head, label, children }) {
  const region = label ? { role: 'region', 'aria-label': label, tabIndex: 0 } : {};
  return (
    <div class="table-wrap" {...region}>
      <table>
        {head && (
          <thead>
            <tr>
              {head.map((title, i) => (
                <th key={i}>{title}</th>
              ))}
            </tr>
          </thead>
        )}
        <tbody>{children}</tbody>
      </table>
    </div>
  );
}
