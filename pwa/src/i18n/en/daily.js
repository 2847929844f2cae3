// The daily self-check on the Today screen (app shell). en; keys "daily.*".
export default {
  'daily.due': 'Due today',
  'daily.done': 'Done today',
  'daily.waiting': 'Sent today, waiting to sync',
  'daily.grid_link': 'My self-check month',
};
