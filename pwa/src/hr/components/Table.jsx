// The console's one table: a scrolling wrapper, an optional header row of plain
// column titles, and the rows the screen renders.

export function Table({ head, children }) {
  return (
    <div class="table-wrap">
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
