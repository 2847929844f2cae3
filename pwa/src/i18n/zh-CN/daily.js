// 今日页面上的每日自查（应用外壳）。zh-CN；键名 "daily.*"。
export default {
  'daily.due': '今日待完成',
  'daily.done': '今日已完成',
  'daily.waiting': '今日已提交，等待同步',
  'daily.grid_link': '我的自查月历',
};
